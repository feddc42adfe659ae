namespace Omniops.Actors.GrainInterfaces.Actions;

/// <summary>An action's state machine: proposed → approved → executed, or proposed → rejected | expired.</summary>
public static class ActionStatuses
{
    public const string Proposed = "proposed";
    public const string Approved = "approved";
    public const string Executed = "executed";
    public const string Rejected = "rejected";
    public const string Expired = "expired";

    public static bool IsKnown(string? status) => status is Proposed or Approved or Executed or Rejected or Expired;
}
