namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>A row of the conversation index: no content, only ids and times.</summary>
[GenerateSerializer, Alias("omniops.conversation-summary")]
public sealed record ConversationSummary(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string CustomerRef,
    [property: Id(2)] string Channel,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset LastActivityAt);
