namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>
/// The result of recomputing a chain: <see cref="FirstBrokenSequence"/> is the first event whose link fails;
/// <see cref="Horizon"/> is where the chain begins when retention removed older events.
/// </summary>
[GenerateSerializer, Alias("omniops.audit-verification")]
public sealed record AuditVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] long Events,
    [property: Id(2)] string? Head,
    [property: Id(3)] long? FirstBrokenSequence,
    [property: Id(4)] string? Problem,
    [property: Id(5)] AuditHorizon? Horizon = null);
