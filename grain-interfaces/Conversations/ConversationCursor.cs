namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>
/// A position in a tenant's conversation list (most recently active first): the last conversation of the page before.
/// The next page starts with the conversations less recently active than it, or as recent with a greater id.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.conversation-cursor")]
public sealed record ConversationCursor(
    [property: Id(0)] DateTimeOffset LastActivityAt,
    [property: Id(1)] string ConversationId);
