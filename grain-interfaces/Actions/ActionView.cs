namespace Omniops.Actors.GrainInterfaces.Actions;

/// <summary>An action as a reviewer sees it: ids, amounts and its state; no personal data.</summary>
[GenerateSerializer, Alias("omniops.action-view")]
public sealed record ActionView(
    [property: Id(0)] string ActionId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] string OrderId,
    [property: Id(4)] decimal? Amount,
    [property: Id(5)] string? Currency,
    [property: Id(6)] string Status,
    [property: Id(7)] bool RequiresApproval,
    [property: Id(8)] DateTimeOffset ProposedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt,
    [property: Id(10)] DateTimeOffset? DecidedAt,
    [property: Id(11)] string? DecidedBy);
