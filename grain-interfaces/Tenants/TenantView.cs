namespace Omniops.Actors.GrainInterfaces.Tenants;

[GenerateSerializer, Alias("omniops.tenant-view")]
public sealed record TenantView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Region,
    [property: Id(3)] TenantStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] TenantSettings Settings,
    [property: Id(6)] IReadOnlyList<string> Integrations);
