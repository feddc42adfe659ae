namespace Omniops.Actors.GrainInterfaces.Audit;

[GenerateSerializer, Alias("omniops.audit-receipt")]
public sealed record AuditReceipt(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Hash);
