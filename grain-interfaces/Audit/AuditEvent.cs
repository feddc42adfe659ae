using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>
/// One stored audit event. <see cref="Details"/> is canonical JSON (sorted keys) holding plain details,
/// <c>hmac:</c>-prefixed digests of sensitive values and redacted previews; <see cref="Hash"/> chains it to
/// <see cref="PreviousHash"/>.
/// </summary>
[GenerateSerializer, Alias("omniops.audit-event")]
public sealed record AuditEvent(
    [property: Id(0)] string TenantId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] ActorKind ActorKind,
    [property: Id(4)] string ActorId,
    [property: Id(5)] string Operation,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string? Resource,
    [property: Id(8)] string Details,
    [property: Id(9)] byte[] PreviousHash,
    [property: Id(10)] byte[] Hash);
