using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Actions;

/// <summary>
/// Actions a model proposed (refunds, cancellations): the review queue, and a tenant admin's decision. Approving
/// runs the policy again and executes (records the merchant's decision on the order); an agent key gets 403 here —
/// an agent may execute only a refund within the tenant's threshold, through the draft it reviews.
/// </summary>
public static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapActionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/actions", ListAsync).RequireAuthorization(Policies.Scope(Scopes.ConversationsRead))
            .WithName("ListActions").WithSummary("The tenant's proposed actions, newest first; ?status=proposed|approved|executed|rejected|expired.");
        routes.MapGet("/v1/actions/{actionId}", GetAsync).RequireAuthorization(Policies.Scope(Scopes.ConversationsRead))
            .WithName("GetAction").WithSummary("One proposed action.");
        routes.MapPost("/v1/actions/{actionId}/approve", ApproveAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("ApproveAction").WithSummary("A tenant admin approves and executes the action (the policy runs again). High-risk, audited.");
        routes.MapPost("/v1/actions/{actionId}/reject", RejectAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("RejectAction").WithSummary("A tenant admin rejects the action.");
        return routes;
    }

    private static async Task<Ok<ActionListResponse>> ListAsync(IGrainFactory grains, string? status = null, int limit = 100) =>
        TypedResults.Ok(new ActionListResponse([.. (await grains.GetActionIndexGrain(TenantId).ListAsync(status, limit)).Select(ActionResponse.From)]));

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> GetAsync(string actionId, IGrainFactory grains) =>
        IsActionId(actionId) ? TypedResults.Ok(ActionResponse.From(await grains.GetActionGrain(TenantId, actionId).GetAsync())) : Problems.NotFound();

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> ApproveAsync(string actionId, IGrainFactory grains) =>
        IsActionId(actionId) ? TypedResults.Ok(ActionResponse.From(await grains.GetActionGrain(TenantId, actionId).ApproveAsync())) : Problems.NotFound();

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult>> RejectAsync(string actionId, IGrainFactory grains) =>
        IsActionId(actionId) ? TypedResults.Ok(ActionResponse.From(await grains.GetActionGrain(TenantId, actionId).RejectAsync())) : Problems.NotFound();

    private static string TenantId => CallerContext.Current!.TenantId!;

    /// <summary>Action ids are <c>a</c> + 20 base-32 characters; anything else (the index's own key) is not an action.</summary>
    private static bool IsActionId(string actionId) => GrainKeys.IsValidId(actionId) && actionId.Length == 21 && actionId[0] == 'a';
}
