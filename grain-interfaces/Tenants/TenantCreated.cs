namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>The answer to tenant creation: the first admin key, shown once.</summary>
[GenerateSerializer, Alias("omniops.tenant-created")]
public sealed record TenantCreated(
    [property: Id(0)] string TenantId,
    [property: Id(1)] ApiKeyIssued AdminKey);
