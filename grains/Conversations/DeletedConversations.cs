namespace Omniops.Actors.Grains.Conversations;

/// <summary>What a deletion of conversations removed: index rows (conversations) and their messages.</summary>
public sealed record DeletedConversations(int Conversations, long Messages);
