namespace Omniops.Actors.GrainInterfaces.Tenants;

[GenerateSerializer, Alias("omniops.tenant-creation")]
public sealed record TenantCreation(
    [property: Id(0)] string Name,
    [property: Id(1)] string Region);
