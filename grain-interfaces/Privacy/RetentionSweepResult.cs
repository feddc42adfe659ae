namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>What one retention sweep removed, per data class (counts only), and when it ran.</summary>
[GenerateSerializer, Alias("omniops.retention-sweep-result")]
public sealed record RetentionSweepResult(
    [property: Id(0)] DateTimeOffset SweptAt,
    [property: Id(1)] int Conversations,
    [property: Id(2)] long Messages,
    [property: Id(3)] int Orders,
    [property: Id(4)] int Customers,
    [property: Id(5)] int Tombstones,
    [property: Id(6)] int Held,
    [property: Id(7)] long AuditEvents);
