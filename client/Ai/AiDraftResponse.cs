using Omniops.Actors.GrainInterfaces.Ai;

namespace Omniops.Actors.Client.Ai;

/// <summary>
/// An AI draft: held for review (<see cref="RequiresReview"/>) in memory only, or, with the tenant's auto-send and no
/// proposed action, already stored as <see cref="SentMessageId"/>.
/// </summary>
public sealed record AiDraftResponse(string DraftId, string Text, bool RequiresReview, IReadOnlyList<ProposedActionResponse> ProposedActions, string? SentMessageId)
{
    public static AiDraftResponse From(AiDraft draft) =>
        new(draft.DraftId, draft.Text, draft.RequiresReview, [.. draft.ProposedActions.Select(ProposedActionResponse.From)], draft.SentMessageId);

    public override string ToString() => $"AiDraftResponse {{ DraftId = {DraftId} }}";
}
