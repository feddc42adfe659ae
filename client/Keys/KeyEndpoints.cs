using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        keys.MapGet("", async (IGrainFactory grains) => TypedResults.Ok(KeyStatusResponse.From(await grains.GetKeyAdministrationGrain().GetStatusAsync())))
            .WithName("GetKeyStatus").WithSummary("Which master key wraps new tenant keys, which can unwrap, how many tenant key versions each wraps.");
        keys.MapPost("/master/rewrap", async (IGrainFactory grains) => TypedResults.Ok(KeyStatusResponse.From(await grains.GetKeyAdministrationGrain().RewrapTenantKeysAsync())))
            .WithName("RewrapTenantKeys").WithSummary("Re-wraps every tenant key under the current master key.");
        keys.MapPost("/tenants/{tenantId}/rotate", RotateTenantKeyAsync)
            .WithName("RotateTenantKey").WithSummary("Adds a tenant key version; new encryptions use it.");
        return routes;
    }

    private static async Task<Results<Ok<TenantKeyRotatedResponse>, ProblemHttpResult>> RotateTenantKeyAsync(string tenantId, IGrainFactory grains) =>
        GrainKeys.IsValidId(tenantId)
            ? TypedResults.Ok(new TenantKeyRotatedResponse(tenantId, await grains.GetKeyAdministrationGrain().RotateTenantKeyAsync(tenantId)))
            : Problems.NotFound();
}
