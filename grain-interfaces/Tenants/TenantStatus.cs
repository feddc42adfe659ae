namespace Omniops.Actors.GrainInterfaces.Tenants;

[GenerateSerializer, Alias("omniops.tenant-status")]
public enum TenantStatus
{
    Active = 0,
    Offboarding = 1,
    Erased = 2,
}
