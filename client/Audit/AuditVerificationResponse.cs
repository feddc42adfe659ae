using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Client.Audit;

/// <summary>The result of recomputing a chain: <see cref="FirstBrokenSequence"/> is the first event whose link fails.</summary>
public sealed record AuditVerificationResponse(bool Valid, long Events, string? Head, long? FirstBrokenSequence, string? Problem, AuditHorizon? Horizon = null)
{
    public static AuditVerificationResponse From(AuditVerification verification) =>
        new(verification.Valid, verification.Events, verification.Head, verification.FirstBrokenSequence, verification.Problem, verification.Horizon);
}
