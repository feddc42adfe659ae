namespace Omniops.Actors.Grains.Privacy;

/// <summary>What an erasure removed so far, per target kind; kept with the request after each step, so a resumed run adds to it.</summary>
[GenerateSerializer, Alias("omniops.erasure-tally")]
public sealed class ErasureTally
{
    [Id(0)] public int Customers { get; set; }
    [Id(1)] public int Conversations { get; set; }
    [Id(2)] public long Messages { get; set; }
    [Id(3)] public int Orders { get; set; }
    [Id(4)] public int ComplianceRecords { get; set; }
    [Id(5)] public int StorageRows { get; set; }
    [Id(6)] public int SubjectKeysDestroyed { get; set; }
    [Id(7)] public int IndexEntries { get; set; }

    /// <summary>Tenant erasure: reminders of the tenant's grains, rows of its own tables (subject keys, compliance and privacy-request rows), tenant key versions.</summary>
    [Id(8)] public int Reminders { get; set; }

    [Id(9)] public int TenantRows { get; set; }
    [Id(10)] public int TenantKeysDestroyed { get; set; }
}
