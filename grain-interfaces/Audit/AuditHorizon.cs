namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>
/// Where a tenant's log begins after retention removed its oldest events: the last removed event's sequence and hash
/// (lowercase hex), which the first remaining event must name as its previous hash, how many were removed and when.
/// </summary>
[GenerateSerializer, Alias("omniops.audit-horizon")]
public sealed record AuditHorizon(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Hash,
    [property: Id(2)] long RemovedCount,
    [property: Id(3)] DateTimeOffset RemovedAt);
