namespace Omniops.Actors.GrainInterfaces.Actions;

/// <summary>The high-impact actions a model may propose (never execute).</summary>
public static class ActionKinds
{
    public const string Refund = "refund";
    public const string Cancellation = "cancellation";
}
