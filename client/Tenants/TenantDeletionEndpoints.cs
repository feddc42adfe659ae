using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Privacy;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Tenants;

/// <summary>
/// Tenant offboarding: the admin schedules the deletion of the whole tenant (a tenant-erasure privacy request carried
/// out after the cooling-off period) and can cancel it until then; the operator reads its status and signed receipt
/// afterwards, when the tenant's own keys no longer work.
/// </summary>
public static class TenantDeletionEndpoints
{
    public static IEndpointRouteBuilder MapTenantDeletionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapDelete("/v1/tenant", DeleteAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("DeleteTenant").WithSummary("Schedules the deletion of the caller's tenant after the cooling-off period; confirm must be the tenant id. 202 with the request id and when it runs.")
            .DescribesJsonBody<DeleteTenantRequest>();
        routes.MapPost("/v1/tenant/deletion/cancel", CancelAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("CancelTenantDeletion").WithSummary("Cancels the tenant's pending deletion during its cooling-off period.");
        routes.MapGet("/ops/tenants/{tenantId}/deletion", OpsStatusAsync).RequireAuthorization(Policies.Operator)
            .WithName("GetTenantDeletion").WithSummary("A tenant's offboarding: status and, once completed, its signed receipt.");
        return routes;
    }

    private static string Tenant => CallerContext.Current?.TenantId ?? throw new AccessDeniedException("The caller is bound to no tenant.");

    private static async Task<Results<Accepted<TenantDeletionResponse>, ProblemHttpResult>> DeleteAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<DeleteTenantRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var tenantId = Tenant;
        if (!string.Equals(body!.Confirm, tenantId, StringComparison.Ordinal))
        {
            return Problems.BadRequest("confirm must be the tenant's id.");
        }

        var requestId = TenantErasureRequest.IdOf(tenantId);
        var view = await grains.GetPrivacyRequestGrain(tenantId, requestId)
            .StartAsync(new PrivacyRequestStart(PrivacyRequestKind.TenantErasure, PrivacyRequestSource.Merchant, [], []));
        return TypedResults.Accepted($"/v1/privacy/requests/{requestId}",
            new TenantDeletionResponse(requestId, PrivacyNames.Of(view.Status), view.NotBefore ?? view.ReceivedAt));
    }

    private static async Task<Ok<TenantDeletionResponse>> CancelAsync(IGrainFactory grains)
    {
        var tenantId = Tenant;
        var requestId = TenantErasureRequest.IdOf(tenantId);
        var view = await grains.GetPrivacyRequestGrain(tenantId, requestId).CancelAsync();
        return TypedResults.Ok(new TenantDeletionResponse(requestId, PrivacyNames.Of(view.Status), view.NotBefore ?? view.ReceivedAt));
    }

    private static async Task<Results<Ok<TenantDeletionStatusResponse>, ProblemHttpResult>> OpsStatusAsync(string tenantId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(tenantId))
        {
            return Problems.NotFound();
        }

        var deletion = await grains.GetPrivacyRequestGrain(tenantId, TenantErasureRequest.IdOf(tenantId)).GetTenantDeletionAsync();
        return TypedResults.Ok(new TenantDeletionStatusResponse(tenantId, PrivacyRequestResponse.From(deletion.Request),
            deletion.Receipt is { } r ? new ReceiptResponse(r.Receipt, r.Signature, r.KeyId) : null));
    }
}
