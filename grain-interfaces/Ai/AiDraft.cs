namespace Omniops.Actors.GrainInterfaces.Ai;

/// <summary>
/// An AI-written reply held for review (in the conversation's activation only, never stored). <see cref="SentMessageId"/>
/// is set when the tenant's auto-send stored it at once (only when it proposes no action).
/// </summary>
[GenerateSerializer, Alias("omniops.ai-draft")]
public sealed record AiDraft(
    [property: Id(0)] string DraftId,
    [property: Id(1)] string Text,
    [property: Id(2)] bool RequiresReview,
    [property: Id(3)] IReadOnlyList<ProposedAction> ProposedActions,
    [property: Id(4)] string? SentMessageId)
{
    public override string ToString() => $"AiDraft {{ DraftId = {DraftId} }}";
}
