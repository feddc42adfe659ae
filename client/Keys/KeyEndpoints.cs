using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Keys;

/// <summary>Operator key management: status, master-key rotation (re-wrap), tenant key rotation.</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/ops/keys").RequireAuthorization(Policies.Operator);
        keys.MapGet("", async (IGrainFactory grains) =>
            Results.Json(await grains.GetKeyAdministrationGrain().GetStatusAsync(), GatewayJson.Options));
        keys.MapPost("/master/rewrap", async (IGrainFactory grains) =>
            Results.Json(await grains.GetKeyAdministrationGrain().RewrapTenantKeysAsync(), GatewayJson.Options));
        keys.MapPost("/tenants/{tenantId}/rotate", async (string tenantId, IGrainFactory grains) =>
            GrainKeys.IsValidId(tenantId)
                ? Results.Json(new { tenantId, version = await grains.GetKeyAdministrationGrain().RotateTenantKeyAsync(tenantId) }, GatewayJson.Options)
                : Problems.NotFound());
        return routes;
    }
}
