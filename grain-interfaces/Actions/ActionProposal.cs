namespace Omniops.Actors.GrainInterfaces.Actions;

/// <summary>
/// What a tool asks to record: <see cref="OrderId"/> is the order's id (a keyed hash), <see cref="CustomerRef"/> the
/// conversation's customer, which the order must belong to. The model's free-text reason is not stored.
/// </summary>
[GenerateSerializer, Alias("omniops.action-proposal")]
public sealed record ActionProposal(
    [property: Id(0)] string Kind,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string CustomerRef,
    [property: Id(3)] string OrderId,
    [property: Id(4)] decimal? Amount,
    [property: Id(5)] string? Currency);
