namespace Omniops.Actors.Grains.Conversations;

/// <summary>What a deletion of conversations removed: index rows (conversations) and their messages.</summary>
public sealed record DeletedConversations(int Conversations, long Messages);

/// <summary>One page of a tenant's conversations removed: what went, and whether any may be left (a table gave a full page).</summary>
public sealed record ErasedPage(DeletedConversations Deleted, bool MayHaveMore);
