namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>A page of the conversation list; <see cref="Next"/> continues it, null on the last page.</summary>
[GenerateSerializer, Alias("omniops.conversation-page")]
public sealed record ConversationPage(
    [property: Id(0)] IReadOnlyList<ConversationSummary> Conversations,
    [property: Id(1)] ConversationCursor? Next);
