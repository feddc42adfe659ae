using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Conversations;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Ai;

/// <summary>
/// AI drafts and their review (draft, approve optionally edited, reject, regenerate) and the opted-in tenant's
/// improvement data. Without a configured provider every route answers 503 <c>ai-unavailable</c>; the tenant's
/// settings refuse with 403 <c>ai-refused</c> before the provider is called.
/// </summary>
public static class AiEndpoints
{
    public static IEndpointRouteBuilder MapAiEndpoints(this IEndpointRouteBuilder routes)
    {
        var drafts = routes.MapGroup("/v1/conversations/{conversationId}/ai-drafts").RequireAuthorization(Policies.Scope(Scopes.AiDraft));
        drafts.MapPost("", DraftAsync)
            .WithName("DraftAiReply").WithSummary("Asks the AI provider for a reply (minimised, policy-gated, audited); held for review in memory only.");
        drafts.MapPost("/{draftId}/approve", ApproveAsync)
            .WithName("ApproveAiDraft").WithSummary("Stores the draft, or the edited `text`, as an AI-generated message with the caller as reviewer.")
            .DescribesJsonBody<ApproveDraftRequest>();
        drafts.MapPost("/{draftId}/reject", RejectAsync)
            .WithName("RejectAiDraft").WithSummary("Drops the draft.");
        drafts.MapPost("/{draftId}/regenerate", RegenerateAsync)
            .WithName("RegenerateAiDraft").WithSummary("Drops the draft and drafts anew.");
        routes.MapGet("/v1/ai/improvement-data", ImprovementDataAsync).RequireAuthorization(Policies.Scope(Scopes.AiImprovementRead))
            .WithName("ReadAiImprovementData")
            .WithSummary("Minimised transcripts of the tenant's conversations, `limit` (1-20, default 10) at a time; 403 unless the tenant opted in to training use.");
        return routes;
    }

    private static async Task<Results<Created<AiDraftResponse>, ProblemHttpResult>> DraftAsync(string conversationId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId))
        {
            return Problems.NotFound();
        }

        return TypedResults.Created((string?)null, AiDraftResponse.From(await grains.GetConversationGrain(Tenant, conversationId).DraftAsync()));
    }

    private static async Task<Results<Created<ReplyResponse>, ProblemHttpResult>> ApproveAsync(string conversationId, string draftId, HttpRequest request, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId) || !GrainKeys.IsValidId(draftId))
        {
            return Problems.NotFound();
        }

        string? text = null;
        if (request.ContentLength is not 0 || request.ContentType is not null)
        {
            var (body, problem) = await JsonBody.ReadAsync<ApproveDraftRequest>(request);
            if (problem is not null)
            {
                return problem;
            }

            text = body!.Text;
        }

        var result = await grains.GetConversationGrain(Tenant, conversationId).ApproveDraftAsync(draftId, text);
        return TypedResults.Created((string?)null, new ReplyResponse(result.ConversationId, result.MessageId));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RejectAsync(string conversationId, string draftId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId) || !GrainKeys.IsValidId(draftId))
        {
            return Problems.NotFound();
        }

        await grains.GetConversationGrain(Tenant, conversationId).RejectDraftAsync(draftId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<AiDraftResponse>, ProblemHttpResult>> RegenerateAsync(string conversationId, string draftId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(conversationId) || !GrainKeys.IsValidId(draftId))
        {
            return Problems.NotFound();
        }

        return TypedResults.Created((string?)null, AiDraftResponse.From(await grains.GetConversationGrain(Tenant, conversationId).RegenerateDraftAsync(draftId)));
    }

    private static async Task<Results<Ok<ImprovementDataResponse>, ProblemHttpResult>> ImprovementDataAsync(string? cursor, string? limit, IGrainFactory grains)
    {
        ConversationCursor? after = null;
        var count = 10;
        if ((limit is { Length: > 0 } && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 20))
            || (cursor is not null && !ConversationCursorToken.TryDecode(cursor, out after)))
        {
            return Problems.BadRequest("cursor must be the next of an earlier page and limit an integer from 1 to 20.");
        }

        var page = await grains.GetAiImprovementGrain(Tenant).ListAsync(after, count);
        return TypedResults.Ok(new ImprovementDataResponse(page.Transcripts, page.Next is { } next ? ConversationCursorToken.Encode(next) : null));
    }

    private static string Tenant => CallerContext.Current!.TenantId!;
}
