using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>A tenant's conversation index (the table retention and erasure scan), for listing. Key: <c>{tenantId}</c>.</summary>
[TenantScoped, Alias("omniops.conversation-index")]
public interface IConversationIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// A page of the conversations, most recently active first (of one customer when <paramref name="customerRef"/> is
    /// set), starting after <paramref name="after"/> (null: from the top). A conversation that becomes active while a
    /// caller walks the pages moves to the top: a walk sees every conversation that stays put exactly once.
    /// </summary>
    [Alias("list-page"), RequiresScope(Scopes.ConversationsRead)]
    Task<ConversationPage> ListAsync(string? customerRef, ConversationCursor? after, int limit);

    /// <summary>
    /// The tenant's message volumes per UTC day and response times in [<paramref name="from"/>, <paramref name="to"/>)
    /// (at most 92 days): counts and durations only, never a ref, id or text (the dashboard's store overview).
    /// </summary>
    [Alias("activity"), RequiresScope(Scopes.ConversationsRead)]
    Task<ConversationActivity> GetActivityAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>
    /// The page just before <paramref name="before"/> (a page's <see cref="ConversationPage.Previous"/>): up to
    /// <paramref name="limit"/> conversations more recently active than it, the nearest ones, most recently active first.
    /// Its <see cref="ConversationPage.Previous"/> is null when no newer conversation is left (the page is the top).
    /// </summary>
    [Alias("list-page-newer"), RequiresScope(Scopes.ConversationsRead)]
    Task<ConversationPage> ListNewerAsync(string? customerRef, ConversationCursor before, int limit);
}
