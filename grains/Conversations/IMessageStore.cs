using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>Where conversations live: the messages and the conversation index (PostgreSQL, or memory for the embedded node).</summary>
public interface IMessageStore
{
    /// <summary>
    /// Stores the message and touches its conversation's index row, durably, before the task completes. False when a
    /// message with the same id was stored before (a redelivery): nothing is written then.
    /// </summary>
    Task<bool> AppendAsync(StoredMessage message);

    Task<ConversationRecord?> ReadConversationAsync(string tenantId, string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Messages after sequence <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<StoredMessage>> ReadMessagesAsync(string tenantId, string conversationId, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's conversations, most recently active first and then by id, of one customer when
    /// <paramref name="customerRef"/> is set, starting after <paramref name="after"/> (null: from the top).
    /// </summary>
    /// <summary>
    /// How many distinct customers of the tenant had conversation activity in [<paramref name="from"/>,
    /// <paramref name="to"/>] (created by its end, last active since its start): a count, never refs.
    /// </summary>
    Task<long> CountActiveCustomersAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Message counts per UTC day and response times of the tenant in [<paramref name="from"/>, <paramref name="to"/>)
    /// (<see cref="ConversationActivity"/>): aggregates only.
    /// </summary>
    Task<ConversationActivity> SummariseActivityAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ConversationSummary>> ListAsync(string tenantId, string? customerRef, ConversationCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The conversations just before <paramref name="before"/> in the list's order (more recently active, or as recent
    /// with a smaller id), nearest to it first: the page before the one that starts at <paramref name="before"/>, reversed.
    /// </summary>
    Task<IReadOnlyList<ConversationSummary>> ListNewerAsync(string tenantId, string? customerRef, ConversationCursor before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every conversation id of one customer (erasure's list of what to remove).</summary>
    Task<IReadOnlyList<string>> ListConversationIdsAsync(string tenantId, string customerRef, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's conversations last active before <paramref name="before"/>, oldest first and then by id, starting
    /// after <paramref name="after"/> (null: from the oldest): what the retention sweep expires, a page at a time.
    /// </summary>
    Task<IReadOnlyList<ConversationSummary>> ListInactiveAsync(string tenantId, DateTimeOffset before, ConversationCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes the conversations' messages and index rows in one transaction; what was removed.</summary>
    Task<DeletedConversations> DeleteConversationsAsync(string tenantId, IReadOnlyList<string> conversationIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the tenant's next page of <paramref name="limit"/> conversations in id order, after
    /// <paramref name="after"/> (null: from the first), ends (its last id), or null when no more than
    /// <paramref name="limit"/> are left after it (tenant offboarding pages with it).
    /// </summary>
    Task<string?> FindConversationPageEndAsync(string tenantId, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the tenant's conversations with ids after <paramref name="after"/> up to <paramref name="upTo"/> (null:
    /// no bound on that side) and their messages in one transaction; what was removed.
    /// </summary>
    Task<DeletedConversations> DeleteConversationRangeAsync(string tenantId, string? after, string? upTo, CancellationToken cancellationToken = default);
    /// <summary>One message of the conversation by its id; null when there is none (never stored, or erased).</summary>
    Task<StoredMessage?> ReadMessageAsync(string tenantId, string conversationId, string messageId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> of the tenant's outbox rows due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadDueOutboxAsync(string tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>When the tenant's next outbox row is due; null when its outbox is empty.</summary>
    Task<DateTimeOffset?> NextOutboxDueAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Removes the outbox row and sets the message's <paramref name="status"/> (sent, failed), in one transaction.</summary>
    Task CompleteOutboxAsync(string tenantId, string conversationId, string messageId, string status, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: the row's attempt count and when to try again.</summary>
    Task RetryOutboxAsync(string tenantId, string messageId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default);
}
