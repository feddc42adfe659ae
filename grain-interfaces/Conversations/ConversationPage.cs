namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>
/// A page of the conversation list; <see cref="Next"/> continues it (older conversations), null on the last page;
/// <see cref="Previous"/> goes back (newer ones: the first row, for <see cref="IConversationIndexGrain.ListNewerAsync"/>),
/// null on the first page.
/// </summary>
[GenerateSerializer, Alias("omniops.conversation-page")]
public sealed record ConversationPage(
    [property: Id(0)] IReadOnlyList<ConversationSummary> Conversations,
    [property: Id(1)] ConversationCursor? Next,
    [property: Id(2)] ConversationCursor? Previous = null);
