using Omniops.Actors.GrainInterfaces.Ai;

namespace Omniops.Actors.Grains.Ai.Drafting;

/// <summary>What one provider call produced: the re-identified text, the actions it proposed, and the tenant's auto-send setting.</summary>
public sealed record DraftOutcome(string Text, IReadOnlyList<ProposedAction> ProposedActions, bool HandOffRequested, bool AutoSend)
{
    public override string ToString() => $"DraftOutcome {{ ProposedActions = {ProposedActions.Count} }}";
}
