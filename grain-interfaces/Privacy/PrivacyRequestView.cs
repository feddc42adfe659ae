namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// A privacy request as its requester sees it. <see cref="DueAt"/> is one month after receipt; <see cref="Overdue"/>
/// is true while it is still open after that. <see cref="Reason"/> says why it was rejected (e.g. a legal hold).
/// </summary>
[GenerateSerializer, Alias("omniops.privacy-request-view")]
public sealed record PrivacyRequestView(
    [property: Id(0)] string RequestId,
    [property: Id(1)] PrivacyRequestKind Kind,
    [property: Id(2)] PrivacyRequestStatus Status,
    [property: Id(3)] PrivacyRequestSource Source,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] DateTimeOffset DueAt,
    [property: Id(6)] DateTimeOffset? NotBefore,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] bool Overdue,
    [property: Id(9)] string? Reason,
    [property: Id(10)] int Subjects);
