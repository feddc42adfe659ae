using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Health;
using Omniops.Actors.GrainInterfaces.Keys;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.GrainInterfaces;

/// <summary>Typed access to the grains, so no caller builds a key string by hand.</summary>
public static class GrainFactoryExtensions
{
    public static ITenantGrain GetTenantGrain(this IGrainFactory factory, string tenantId) =>
        factory.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));

    public static IAuditLogGrain GetAuditLogGrain(this IGrainFactory factory, string tenantId) =>
        factory.GetGrain<IAuditLogGrain>(GrainKeys.Tenant(tenantId));

    public static ICredentialGrain GetCredentialGrain(this IGrainFactory factory, string tenantId, string integration) =>
        factory.GetGrain<ICredentialGrain>(GrainKeys.Scoped(tenantId, integration));

    public static IKeyAdministrationGrain GetKeyAdministrationGrain(this IGrainFactory factory) =>
        factory.GetGrain<IKeyAdministrationGrain>(0);

    public static IHealthGrain GetHealthGrain(this IGrainFactory factory) =>
        factory.GetGrain<IHealthGrain>(0);
}
