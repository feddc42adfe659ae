using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Conversations;

/// <summary>The agent's view of conversations: list, read (decrypted), reply. Every call resolves inside the caller's tenant.</summary>
public static class ConversationEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder routes)
    {
        var conversations = routes.MapGroup("/v1/conversations").RequireAuthorization(Policies.Scope(Scopes.ConversationsRead));
        conversations.MapGet("", ListAsync);
        conversations.MapGet("/{conversationId}", ReadAsync);
        conversations.MapPost("/{conversationId}/replies", ReplyAsync).RequireAuthorization(Policies.Scope(Scopes.ConversationsWrite));
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IGrainFactory grains)
    {
        var customerRef = request.Query["customerRef"].ToString();
        if ((customerRef.Length > 0 && !GrainKeys.IsValidId(customerRef)) || !TryLimit(request, out var limit))
        {
            return Problems.BadRequest($"customerRef must be a customer ref and limit an integer from 1 to {MaxLimit}.");
        }

        var list = await grains.GetConversationIndexGrain(Tenant).ListAsync(customerRef.Length > 0 ? customerRef : null, limit);
        return Results.Json(list, GatewayJson.Options);
    }

    private static async Task<IResult> ReadAsync(string conversationId, HttpRequest request, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId))
        {
            return Problems.NotFound();
        }

        var afterText = request.Query["after"].ToString();
        var after = 0L;
        if (!TryLimit(request, out var limit) || (afterText.Length > 0 && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return Problems.BadRequest($"after must be a non-negative integer and limit an integer from 1 to {MaxLimit}.");
        }

        var view = await grains.GetConversationGrain(Tenant, conversationId).GetAsync(after, limit);
        return Results.Json(new
        {
            view.Summary.ConversationId,
            view.Summary.CustomerRef,
            view.Summary.Channel,
            view.Summary.CreatedAt,
            view.Summary.LastActivityAt,
            messages = view.Messages.Select(MessageResponse.From),
            next = view.NextAfter,
        }, GatewayJson.Options);
    }

    private static async Task<IResult> ReplyAsync(string conversationId, HttpRequest request, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId))
        {
            return Problems.NotFound();
        }

        var (body, problem) = await JsonBody.ReadAsync<ReplyRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var result = await grains.GetConversationGrain(Tenant, conversationId).ReplyAsync(body!.Text);
        return Results.Json(new { result.ConversationId, result.MessageId }, GatewayJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static string Tenant => CallerContext.Current!.TenantId!;

    private static bool TryLimit(HttpRequest request, out int limit)
    {
        var text = request.Query["limit"].ToString();
        limit = DefaultLimit;
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }
}
