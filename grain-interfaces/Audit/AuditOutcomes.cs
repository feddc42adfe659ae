namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>The outcome words used in audit events.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
