using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Tenants;

[GenerateSerializer, Alias("omniops.tenant-state")]
public sealed class TenantState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(2)] public string Region { get; set; } = string.Empty;
    [Id(3)] public TenantStatus Status { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public TenantSettings Settings { get; set; } = TenantSettings.Default;
    [Id(6)] public List<ApiKeyRecord> ApiKeys { get; set; } = [];

    /// <summary>The merchant's name, sealed under the tenant key (it can name a person).</summary>
    [Id(7)] public EncryptedField? Name { get; set; }

    /// <summary>The integrations whose credentials exist.</summary>
    [Id(8)] public List<string> Integrations { get; set; } = [];

    /// <summary>The version of the last entry published to the tenant directory; grows with every change.</summary>
    [Id(9)] public long DirectoryVersion { get; set; }

    /// <summary>When the pending offboarding request is carried out (null: none pending); cancellable until then.</summary>
    [Id(10)] public DateTimeOffset? DeletionScheduledFor { get; set; }
}
