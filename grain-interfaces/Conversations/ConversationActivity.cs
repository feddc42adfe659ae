namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>
/// A tenant's conversation activity over a period, as counts and durations only (merchant business data, no ids, no
/// refs, no text): messages per UTC day, and how quickly customers were answered. A "turn" is a customer's messages
/// up to the next reply (agent or AI) in the same conversation; its response time runs from its first customer message
/// to that reply. Turns with no reply yet count as <see cref="AwaitingReply"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.conversation-activity")]
public sealed record ConversationActivity(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] IReadOnlyList<DailyVolume> Days,
    [property: Id(3)] long AnsweredTurns,
    [property: Id(4)] long AwaitingReply,
    [property: Id(5)] double? MedianResponseSeconds,
    [property: Id(6)] double? P90ResponseSeconds);
