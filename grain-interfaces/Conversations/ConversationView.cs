namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>A conversation with its messages in order (a page of them: those after a sequence number).</summary>
[GenerateSerializer, Alias("omniops.conversation-view")]
public sealed record ConversationView(
    [property: Id(0)] ConversationSummary Summary,
    [property: Id(1)] IReadOnlyList<MessageView> Messages,
    [property: Id(2)] long? NextAfter);
