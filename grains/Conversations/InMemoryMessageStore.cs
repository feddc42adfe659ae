using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>The embedded node's message store: the same semantics as PostgreSQL, gone with the process.</summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Conversation), (ConversationSummary Summary, List<StoredMessage> Messages)> _conversations = [];
    private readonly HashSet<(string Tenant, string Message)> _messageIds = [];
    private readonly Dictionary<(string Tenant, string Message), OutboxEntry> _outbox = [];
    private readonly Dictionary<(string Tenant, string Conversation), string> _accounts = [];

    public Task<bool> AppendAsync(StoredMessage message)
    {
        lock (_lock)
        {
            if (!_messageIds.Add((message.TenantId, message.MessageId)))
            {
                return Task.FromResult(false);
            }

            var key = (message.TenantId, message.ConversationId);
            if (!_conversations.TryGetValue(key, out var conversation))
            {
                conversation = (new ConversationSummary(message.ConversationId, message.CustomerRef, message.Channel, message.ReceivedAt, message.ReceivedAt), []);
            }

            if (conversation.Messages.Count > 0 && conversation.Messages[^1].Sequence >= message.Sequence)
            {
                _messageIds.Remove((message.TenantId, message.MessageId));
                throw new InvalidOperationException("A message with that sequence number exists.");
            }

            conversation.Messages.Add(message);
            if (message.ChannelAccount is not null)
            {
                _accounts.TryAdd(key, message.ChannelAccount);
            }

            if (message.Outbound)
            {
                _outbox[(message.TenantId, message.MessageId)] = new OutboxEntry(message.TenantId, message.MessageId, message.ConversationId, message.Channel, 0, message.ReceivedAt);
            }

            var last = message.ReceivedAt > conversation.Summary.LastActivityAt ? message.ReceivedAt : conversation.Summary.LastActivityAt;
            _conversations[key] = (conversation.Summary with { LastActivityAt = last }, conversation.Messages);
            return Task.FromResult(true);
        }
    }

    public Task<ConversationRecord?> ReadConversationAsync(string tenantId, string conversationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_conversations.TryGetValue((tenantId, conversationId), out var c)
                ? new ConversationRecord(c.Summary, c.Messages.Count == 0 ? 0 : c.Messages[^1].Sequence, _accounts.GetValueOrDefault((tenantId, conversationId)))
                : null);
        }
    }

    public Task<IReadOnlyList<StoredMessage>> ReadMessagesAsync(string tenantId, string conversationId, long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StoredMessage> page = _conversations.TryGetValue((tenantId, conversationId), out var c)
                ? [.. c.Messages.Where(m => m.Sequence > after).Take(limit)]
                : [];
            return Task.FromResult(page);
        }
    }

    public Task<long> CountActiveCustomersAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_conversations
                .Where(c => c.Key.Tenant == tenantId && c.Value.Summary.CreatedAt <= to && c.Value.Summary.LastActivityAt >= from)
                .Select(c => c.Value.Summary.CustomerRef).Distinct(StringComparer.Ordinal).Count());
        }
    }

    public Task<ConversationActivity> SummariseActivityAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var conversations = _conversations.Where(c => c.Key.Tenant == tenantId).Select(c => c.Value).ToList();
            var messages = conversations.SelectMany(c => c.Messages).Where(m => m.ReceivedAt >= from && m.ReceivedAt < to).ToList();
            var started = conversations.Where(c => c.Summary.CreatedAt >= from && c.Summary.CreatedAt < to)
                .GroupBy(c => Day(c.Summary.CreatedAt)).ToDictionary(g => g.Key, g => (long)g.Count());
            var volumes = messages.GroupBy(m => Day(m.ReceivedAt)).ToDictionary(g => g.Key, g => g.ToList());
            IReadOnlyList<DailyVolume> days = [.. volumes.Keys.Union(started.Keys).Order().Select(day => new DailyVolume(day,
                volumes.GetValueOrDefault(day)?.Count(m => m.Kind == MessageKind.Customer) ?? 0,
                volumes.GetValueOrDefault(day)?.Count(m => m.Kind == MessageKind.Agent) ?? 0,
                volumes.GetValueOrDefault(day)?.Count(m => m.Kind == MessageKind.Ai) ?? 0,
                started.GetValueOrDefault(day)))];

            var responses = new List<double>();
            long awaiting = 0;
            foreach (var conversation in messages.Where(m => m.Kind is MessageKind.Customer or MessageKind.Agent or MessageKind.Ai).GroupBy(m => m.ConversationId))
            {
                DateTimeOffset? asked = null;
                foreach (var m in conversation.OrderBy(m => m.Sequence))
                {
                    if (m.Kind == MessageKind.Customer)
                    {
                        asked ??= m.ReceivedAt;
                    }
                    else if (asked is { } at)
                    {
                        responses.Add((m.ReceivedAt - at).TotalSeconds);
                        asked = null;
                    }
                }

                awaiting += asked is null ? 0 : 1;
            }

            responses.Sort();
            return Task.FromResult(new ConversationActivity(from, to, days, responses.Count, awaiting, Percentile(responses, 0.5), Percentile(responses, 0.9)));
        }

        static DateTimeOffset Day(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

        // PostgreSQL's percentile_cont: linear interpolation between the closest ranks.
        static double? Percentile(List<double> sorted, double fraction)
        {
            if (sorted.Count == 0)
            {
                return null;
            }

            var rank = fraction * (sorted.Count - 1);
            var low = (int)Math.Floor(rank);
            var high = Math.Min(low + 1, sorted.Count - 1);
            return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
        }
    }

    public Task<IReadOnlyList<ConversationSummary>> ListAsync(string tenantId, string? customerRef, ConversationCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ConversationSummary> list = [.. _conversations
                .Where(c => c.Key.Tenant == tenantId && (customerRef is null || c.Value.Summary.CustomerRef == customerRef))
                .Select(c => c.Value.Summary)
                .Where(s => after is null || s.LastActivityAt < after.LastActivityAt ||
                    (s.LastActivityAt == after.LastActivityAt && string.CompareOrdinal(s.ConversationId, after.ConversationId) > 0))
                .OrderByDescending(s => s.LastActivityAt).ThenBy(s => s.ConversationId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<ConversationSummary>> ListNewerAsync(string tenantId, string? customerRef, ConversationCursor before, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ConversationSummary> list = [.. _conversations
                .Where(c => c.Key.Tenant == tenantId && (customerRef is null || c.Value.Summary.CustomerRef == customerRef))
                .Select(c => c.Value.Summary)
                .Where(s => s.LastActivityAt > before.LastActivityAt ||
                    (s.LastActivityAt == before.LastActivityAt && string.CompareOrdinal(s.ConversationId, before.ConversationId) < 0))
                .OrderBy(s => s.LastActivityAt).ThenByDescending(s => s.ConversationId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<string>> ListConversationIdsAsync(string tenantId, string customerRef, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<string> ids = [.. _conversations.Where(c => c.Key.Tenant == tenantId && c.Value.Summary.CustomerRef == customerRef).Select(c => c.Key.Conversation)];
            return Task.FromResult(ids);
        }
    }

    public Task<IReadOnlyList<ConversationSummary>> ListInactiveAsync(string tenantId, DateTimeOffset before, ConversationCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ConversationSummary> page = [.. _conversations
                .Where(c => c.Key.Tenant == tenantId && c.Value.Summary.LastActivityAt < before)
                .Select(c => c.Value.Summary)
                .Where(s => after is null || s.LastActivityAt > after.LastActivityAt ||
                    (s.LastActivityAt == after.LastActivityAt && string.CompareOrdinal(s.ConversationId, after.ConversationId) > 0))
                .OrderBy(s => s.LastActivityAt).ThenBy(s => s.ConversationId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    public Task<DeletedConversations> DeleteConversationsAsync(string tenantId, IReadOnlyList<string> conversationIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var (conversations, messages) = (0, 0L);
            foreach (var id in conversationIds.Distinct(StringComparer.Ordinal))
            {
                if (_conversations.Remove((tenantId, id), out var removed))
                {
                    _accounts.Remove((tenantId, id));
                    conversations++;
                    messages += removed.Messages.Count;
                    foreach (var message in removed.Messages)
                    {
                        _messageIds.Remove((tenantId, message.MessageId));
                        _outbox.Remove((tenantId, message.MessageId));
                    }
                }
            }

            return Task.FromResult(new DeletedConversations(conversations, messages));
        }
    }

    public Task<string?> FindConversationPageEndAsync(string tenantId, string? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(PageEnd(tenantId, after, limit));
        }
    }

    public Task<DeletedConversations> DeleteConversationRangeAsync(string tenantId, string? after, string? upTo, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> ids;
        lock (_lock)
        {
            ids = [.. _conversations.Keys.Where(k => k.Tenant == tenantId && (after is null || string.CompareOrdinal(k.Conversation, after) > 0) &&
                (upTo is null || string.CompareOrdinal(k.Conversation, upTo) <= 0)).Select(k => k.Conversation)];
        }

        return DeleteConversationsAsync(tenantId, ids, cancellationToken);
    }

    private string? PageEnd(string tenantId, string? after, int limit)
    {
        var left = _conversations.Keys.Where(k => k.Tenant == tenantId && (after is null || string.CompareOrdinal(k.Conversation, after) > 0))
            .Select(k => k.Conversation).Order(StringComparer.Ordinal).Take(limit + 1).ToList();
        return left.Count > limit ? left[limit - 1] : null;
    }

    public Task<StoredMessage?> ReadMessageAsync(string tenantId, string conversationId, string messageId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_conversations.TryGetValue((tenantId, conversationId), out var c)
                ? c.Messages.FirstOrDefault(m => m.MessageId == messageId)
                : null);
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> ReadDueOutboxAsync(string tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxEntry> due = [.. _outbox.Values.Where(e => e.TenantId == tenantId && e.NextAttemptAt <= now).OrderBy(e => e.NextAttemptAt).Take(limit)];
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> NextOutboxDueAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var rows = _outbox.Values.Where(e => e.TenantId == tenantId).ToList();
            return Task.FromResult(rows.Count == 0 ? (DateTimeOffset?)null : rows.Min(e => e.NextAttemptAt));
        }
    }

    public Task CompleteOutboxAsync(string tenantId, string conversationId, string messageId, string status, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _outbox.Remove((tenantId, messageId));
            if (_conversations.TryGetValue((tenantId, conversationId), out var c) && c.Messages.FindIndex(m => m.MessageId == messageId) is var index and >= 0)
            {
                c.Messages[index] = c.Messages[index] with { Status = status };
            }

            return Task.CompletedTask;
        }
    }

    public Task RetryOutboxAsync(string tenantId, string messageId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_outbox.TryGetValue((tenantId, messageId), out var entry))
            {
                _outbox[(tenantId, messageId)] = entry with { Attempts = attempts, NextAttemptAt = nextAttemptAt };
            }

            return Task.CompletedTask;
        }
    }
}
