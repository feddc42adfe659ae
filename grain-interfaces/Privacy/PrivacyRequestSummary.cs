namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>One row of a tenant's privacy-request queue (no subject in it: the queue lists requests, not people).</summary>
[GenerateSerializer, Alias("omniops.privacy-request-summary")]
public sealed record PrivacyRequestSummary(
    [property: Id(0)] string RequestId,
    [property: Id(1)] PrivacyRequestKind Kind,
    [property: Id(2)] PrivacyRequestStatus Status,
    [property: Id(3)] PrivacyRequestSource Source,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] DateTimeOffset DueAt,
    [property: Id(6)] DateTimeOffset? CompletedAt);
