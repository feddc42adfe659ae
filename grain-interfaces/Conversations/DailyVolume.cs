namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>One UTC day's message counts: from customers, replies by agents, approved AI replies, and new conversations.</summary>
[GenerateSerializer, Immutable, Alias("omniops.daily-volume")]
public sealed record DailyVolume(
    [property: Id(0)] DateTimeOffset Day,
    [property: Id(1)] long CustomerMessages,
    [property: Id(2)] long AgentReplies,
    [property: Id(3)] long AiReplies,
    [property: Id(4)] long ConversationsStarted);
