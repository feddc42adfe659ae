namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// What a proposal tool tells the model: the action's id and state, or why policy refused it (nothing recorded then).
/// The model never executes anything: a proposal waits for a human's decision.
/// </summary>
public sealed record ToolOutcome(bool Recorded, string? ActionId, string? Status, bool RequiresAdminApproval, string? Refusal)
{
    public static ToolOutcome Refused(string reason) => new(false, null, null, false, reason);
}
