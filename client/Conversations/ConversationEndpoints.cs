using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Conversations;

/// <summary>The agent's view of conversations: list (paged), read (decrypted, paged), reply. Every call resolves inside the caller's tenant.</summary>
public static class ConversationEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder routes)
    {
        var conversations = routes.MapGroup("/v1/conversations").RequireAuthorization(Policies.Scope(Scopes.ConversationsRead));
        conversations.MapGet("", ListAsync)
            .WithName("ListConversations")
            .WithSummary("Most recently active first, `limit` (1-500, default 100) at a time; pass `next` back as `cursor` for the following page.");
        conversations.MapGet("/{conversationId}", ReadAsync)
            .WithName("ReadConversation").WithSummary("The conversation and its messages after sequence `after` (at most `limit`), decrypted.");
        conversations.MapPost("/{conversationId}/replies", ReplyAsync).RequireAuthorization(Policies.Scope(Scopes.ConversationsWrite))
            .WithName("ReplyToConversation").WithSummary("Adds a human agent's reply (audited).")
            .DescribesJsonBody<ReplyRequest>();
        return routes;
    }

    private static async Task<Results<Ok<ConversationListResponse>, ProblemHttpResult>> ListAsync(string? customerRef, string? cursor, string? limit, IGrainFactory grains)
    {
        ConversationCursor? after = null;
        if ((customerRef is { Length: > 0 } && !GrainKeys.IsValidId(customerRef)) || !TryLimit(limit, out var count) ||
            (cursor is not null && !ConversationCursorToken.TryDecode(cursor, out after)))
        {
            return Problems.BadRequest($"customerRef must be a customer ref, cursor the next of an earlier page and limit an integer from 1 to {MaxLimit}.");
        }

        var page = await grains.GetConversationIndexGrain(Tenant).ListAsync(customerRef is { Length: > 0 } ? customerRef : null, after, count);
        return TypedResults.Ok(new ConversationListResponse(
            [.. page.Conversations.Select(ConversationSummaryResponse.From)],
            page.Next is { } next ? ConversationCursorToken.Encode(next) : null));
    }

    private static async Task<Results<Ok<ConversationResponse>, ProblemHttpResult>> ReadAsync(string conversationId, string? after, string? limit, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId))
        {
            return Problems.NotFound();
        }

        var from = 0L;
        if (!TryLimit(limit, out var count) || (after is { Length: > 0 } && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from)))
        {
            return Problems.BadRequest($"after must be a non-negative integer and limit an integer from 1 to {MaxLimit}.");
        }

        return TypedResults.Ok(ConversationResponse.From(await grains.GetConversationGrain(Tenant, conversationId).GetAsync(from, count)));
    }

    private static async Task<Results<Created<ReplyResponse>, ProblemHttpResult>> ReplyAsync(string conversationId, HttpRequest request, IGrainFactory grains)
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
        return TypedResults.Created((string?)null, new ReplyResponse(result.ConversationId, result.MessageId));
    }

    private static string Tenant => CallerContext.Current!.TenantId!;

    private static bool TryLimit(string? text, out int limit)
    {
        limit = DefaultLimit;
        return string.IsNullOrEmpty(text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }
}
