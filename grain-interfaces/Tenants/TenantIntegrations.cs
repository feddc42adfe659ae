namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>An active tenant and the integrations it connected, as the tenant directory lists them (no key digests).</summary>
[GenerateSerializer, Alias("omniops.tenant-integrations")]
public sealed record TenantIntegrations(
    [property: Id(0)] string TenantId,
    [property: Id(1)] IReadOnlyList<string> Integrations);
