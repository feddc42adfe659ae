using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// Messages on PostgreSQL with group commit (<see cref="GroupCommitQueue{TItem,TResult}"/>): one statement per batch
/// inserts the messages (a repeated message id inserts nothing: that is the idempotency check) and moves the
/// conversations' index rows forward, in one transaction, so the acknowledgement of every message in the batch waits
/// for one commit. The index's last activity moves in steps of a minute (retention counts in days): the grain asks
/// for the index row only for a new conversation or when its last touch is a minute old, which spares a busy
/// conversation an index probe, a row version and three index entries per message. Order within a conversation is the grain's: it has at most one append in flight.
/// </summary>
public sealed class PostgresMessageStore : IMessageStore, IAsyncDisposable
{
    private const string Columns = "tenant_id, conversation_id, seq, message_id, kind, channel, actor_id, sent_at, received_at, status, body, attachments";

    private const string AppendSql = $"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::smallint[], $6::text[], $7::text[],
                                 $8::timestamptz[], $9::timestamptz[], $10::text[], $11::bytea[], $12::bytea[], $13::text[], $14::boolean[],
                                 $15::text[], $16::boolean[])
                WITH ORDINALITY AS i({Columns}, customer_ref, touch, channel_account, outbound, ord)
        ), inserted AS (
            INSERT INTO omniops_messages ({Columns})
            SELECT {Columns} FROM input ORDER BY ord
            ON CONFLICT ON CONSTRAINT uq_omniops_messages_message DO NOTHING
            RETURNING tenant_id, conversation_id, seq
        ), touched AS (
            INSERT INTO conversation_index (tenant_id, conversation_id, customer_ref, channel, created_at, last_activity_at, channel_account)
            SELECT DISTINCT ON (i.tenant_id, i.conversation_id) i.tenant_id, i.conversation_id, i.customer_ref, i.channel, i.received_at, i.received_at, i.channel_account
            FROM inserted n JOIN input i USING (tenant_id, conversation_id, seq)
            WHERE i.touch
            ORDER BY i.tenant_id, i.conversation_id, i.received_at DESC
            ON CONFLICT (tenant_id, conversation_id)
                DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at
                WHERE conversation_index.last_activity_at < EXCLUDED.last_activity_at - interval '1 minute'
        ), outboxed AS (
            -- An outbound message's outbox row, in the same transaction as the message: references only, no text.
            INSERT INTO omniops_outbox (tenant_id, message_id, conversation_id, channel, next_attempt_at)
            SELECT i.tenant_id, i.message_id, i.conversation_id, i.channel, i.received_at
            FROM inserted n JOIN input i USING (tenant_id, conversation_id, seq)
            WHERE i.outbound
        )
        SELECT tenant_id, conversation_id, seq FROM inserted
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>The privacy work's pool (<see cref="StorageNames.Privacy"/>): erasures and offboarding pages.</summary>
    private readonly NpgsqlDataSource _privacyDataSource;
    private readonly GroupCommitQueue<StoredMessage, bool> _queue;

    // The writers' own connections, kept open: no pool reset between batches, and the batch statement stays prepared.
    private readonly WriterConnections _writerConnections;

    public PostgresMessageStore(NpgsqlDataSource dataSource, IOptions<ConversationOptions> options, ILogger<PostgresMessageStore> logger,
        [FromKeyedServices(StorageNames.Privacy)] NpgsqlDataSource? privacyDataSource = null)
    {
        _dataSource = dataSource;
        _writerConnections = new WriterConnections(dataSource);
        _privacyDataSource = privacyDataSource ?? dataSource;
        _queue = new GroupCommitQueue<StoredMessage, bool>(WriteBatchAsync, m => m.MessageId, options.Value.MaxBatch, options.Value.Writers, logger);
    }

    public Task<bool> AppendAsync(StoredMessage message) => _queue.EnqueueAsync(message);

    public async Task<ConversationRecord?> ReadConversationAsync(string tenantId, string conversationId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId, """
            SELECT customer_ref, channel, created_at, last_activity_at,
                   (SELECT coalesce(max(seq), 0) FROM omniops_messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.conversation_id),
                   channel_account
            FROM conversation_index c WHERE tenant_id = $1 AND conversation_id = $2
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ConversationRecord(new ConversationSummary(conversationId, reader.GetString(0), reader.GetString(1), Time(reader, 2), Time(reader, 3)), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5))
            : null;
    }

    public async Task<IReadOnlyList<StoredMessage>> ReadMessagesAsync(string tenantId, string conversationId, long after, int limit, CancellationToken cancellationToken = default)
    {
        // The conversation's customer is its index row's (the grain holds it): not looked up again for every message.
        await using var batch = TenantBinding.Create(_dataSource, tenantId, $"""
            SELECT {Columns}, NULL::text
            FROM omniops_messages m WHERE tenant_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var messages = new List<StoredMessage>(Math.Min(limit, 256));
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(Message(reader));
        }

        return messages;
    }

    public async Task<StoredMessage?> ReadMessageAsync(string tenantId, string conversationId, string messageId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId, $"""
            SELECT {Columns}, NULL::text
            FROM omniops_messages m WHERE tenant_id = $1 AND conversation_id = $2 AND message_id = $3
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Message(reader) : null;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadDueOutboxAsync(string tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId, """
            SELECT message_id, conversation_id, channel, attempts, next_attempt_at FROM omniops_outbox
            WHERE tenant_id = $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $3
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var due = new List<OutboxEntry>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new OutboxEntry(tenantId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), Time(reader, 4)));
        }

        return due;
    }

    public async Task<DateTimeOffset?> NextOutboxDueAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId,
            "SELECT min(next_attempt_at) FROM omniops_outbox WHERE tenant_id = $1", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? Time(reader, 0) : null;
    }

    public async Task CompleteOutboxAsync(string tenantId, string conversationId, string messageId, string status, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId, """
            WITH done AS (
                DELETE FROM omniops_outbox WHERE tenant_id = $1 AND message_id = $3
            )
            UPDATE omniops_messages SET status = $4 WHERE tenant_id = $1 AND conversation_id = $2 AND message_id = $3
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
    }

    public async Task RetryOutboxAsync(string tenantId, string messageId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId,
            "UPDATE omniops_outbox SET attempts = $3, next_attempt_at = $4 WHERE tenant_id = $1 AND message_id = $2", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = nextAttemptAt.UtcDateTime });
        await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
    }

    public async Task<long> CountActiveCustomersAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId, """
            SELECT count(DISTINCT customer_ref) FROM conversation_index
            WHERE tenant_id = $1 AND created_at <= $3 AND last_activity_at >= $2
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
    }

    public async Task<ConversationActivity> SummariseActivityAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        // Messages per UTC day by kind (0 customer, 1 agent, 2 AI), beside the conversations started that day.
        var days = new List<DailyVolume>();
        await using (var batch = TenantBinding.Create(_dataSource, tenantId, """
            WITH v AS (
                SELECT date_trunc('day', received_at, 'UTC') AS day, count(*) FILTER (WHERE kind = 0) AS customer,
                       count(*) FILTER (WHERE kind = 1) AS agent, count(*) FILTER (WHERE kind = 2) AS ai
                FROM omniops_messages WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3 GROUP BY 1),
            s AS (
                SELECT date_trunc('day', created_at, 'UTC') AS day, count(*) AS started
                FROM conversation_index WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1)
            SELECT coalesce(v.day, s.day), coalesce(v.customer, 0), coalesce(v.agent, 0), coalesce(v.ai, 0), coalesce(s.started, 0)
            FROM v FULL JOIN s ON v.day = s.day ORDER BY 1
            """, out var command))
        {
            AddPeriod(command, tenantId, from, to);
            await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new DailyVolume(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        // A turn: a conversation's messages up to and including the next reply (replies before a message number its turn).
        await using (var batch = TenantBinding.Create(_dataSource, tenantId, """
            WITH m AS (
                SELECT conversation_id, kind, received_at,
                       count(*) FILTER (WHERE kind IN (1, 2)) OVER (PARTITION BY conversation_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS turn
                FROM omniops_messages WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3 AND kind IN (0, 1, 2)),
            t AS (
                SELECT min(received_at) FILTER (WHERE kind = 0) AS asked, min(received_at) FILTER (WHERE kind IN (1, 2)) AS answered
                FROM m GROUP BY conversation_id, turn)
            SELECT count(*) FILTER (WHERE asked IS NOT NULL AND answered IS NOT NULL),
                   count(*) FILTER (WHERE asked IS NOT NULL AND answered IS NULL),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered - asked)::double precision) FILTER (WHERE asked IS NOT NULL AND answered IS NOT NULL),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered - asked)::double precision) FILTER (WHERE asked IS NOT NULL AND answered IS NOT NULL)
            FROM t
            """, out var command))
        {
            AddPeriod(command, tenantId, from, to);
            await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new ConversationActivity(from, to, days, reader.GetInt64(0), reader.GetInt64(1),
                await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetDouble(2),
                await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetDouble(3));
        }

        static void AddPeriod(NpgsqlBatchCommand command, string tenantId, DateTimeOffset from, DateTimeOffset to)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        }
    }


    /// <summary>
    /// A page of the list, most recently active first, then by id ($3, $4: the cursor, the last row of the page before;
    /// NULL: from the top). The cursor's bound is split so that its first half (<c>last_activity_at &lt;= $3</c>) is an
    /// index condition on ix_conversation_index_recent (0030): the scan starts at the cursor and reads the page's rows,
    /// however deep the page is. (A single OR of the two cases is only a filter: page n then read the n - 1 pages before it.)
    /// </summary>
    internal const string ListSql = """
        SELECT conversation_id, customer_ref, channel, created_at, last_activity_at FROM conversation_index
        WHERE tenant_id = $1 AND ($2::text IS NULL OR customer_ref = $2)
          AND ($3::timestamptz IS NULL OR (last_activity_at <= $3 AND (last_activity_at < $3 OR conversation_id > $4)))
        ORDER BY last_activity_at DESC, conversation_id LIMIT $5
        """;

    /// <summary>
    /// The rows just before the cursor in the list's order ($3, $4: the first row of a page), nearest first — the same
    /// index scanned backwards from the cursor, so the page before costs what the page after does.
    /// </summary>
    internal const string ListNewerSql = """
        SELECT conversation_id, customer_ref, channel, created_at, last_activity_at FROM conversation_index
        WHERE tenant_id = $1 AND ($2::text IS NULL OR customer_ref = $2)
          AND last_activity_at >= $3 AND (last_activity_at > $3 OR conversation_id < $4)
        ORDER BY last_activity_at, conversation_id DESC LIMIT $5
        """;

    public Task<IReadOnlyList<ConversationSummary>> ListAsync(string tenantId, string? customerRef, ConversationCursor? after, int limit, CancellationToken cancellationToken = default) =>
        ListPageAsync(ListSql, tenantId, customerRef, after, limit, cancellationToken);

    public Task<IReadOnlyList<ConversationSummary>> ListNewerAsync(string tenantId, string? customerRef, ConversationCursor before, int limit, CancellationToken cancellationToken = default) =>
        ListPageAsync(ListNewerSql, tenantId, customerRef, before, limit, cancellationToken);

    private async Task<IReadOnlyList<ConversationSummary>> ListPageAsync(string sql, string tenantId, string? customerRef, ConversationCursor? cursor, int limit, CancellationToken cancellationToken)
    {
        // Keyset paging in the list's own order (activity descending, then id): a page costs the same however deep it is.
        await using var batch = TenantBinding.Create(_dataSource, tenantId, sql, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)customerRef ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)cursor?.LastActivityAt.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)cursor?.ConversationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<ConversationSummary>(Math.Min(limit, 512));
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ConversationSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), Time(reader, 3), Time(reader, 4)));
        }

        return list;
    }

    public async Task<IReadOnlyList<string>> ListConversationIdsAsync(string tenantId, string customerRef, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId,
            "SELECT conversation_id FROM conversation_index WHERE tenant_id = $1 AND customer_ref = $2", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerRef });
        var ids = new List<string>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<IReadOnlyList<ConversationSummary>> ListInactiveAsync(string tenantId, DateTimeOffset before, ConversationCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        // Keyset paging in (last_activity_at, id) order over ix_conversation_index_activity.
        await using var batch = TenantBinding.Create(_dataSource, tenantId, """
            SELECT conversation_id, customer_ref, channel, created_at, last_activity_at FROM conversation_index
            WHERE tenant_id = $1 AND last_activity_at < $2
              AND ($3::timestamptz IS NULL OR last_activity_at > $3 OR (last_activity_at = $3 AND conversation_id > $4))
            ORDER BY last_activity_at, conversation_id LIMIT $5
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.LastActivityAt.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.ConversationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<ConversationSummary>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ConversationSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), Time(reader, 3), Time(reader, 4)));
        }

        return list;
    }

    public async Task<DeletedConversations> DeleteConversationsAsync(string tenantId, IReadOnlyList<string> conversationIds, CancellationToken cancellationToken = default)
    {
        if (conversationIds.Count == 0)
        {
            return new DeletedConversations(0, 0);
        }

        // One statement, so one transaction: the messages and their index rows leave together or not at all.
        await using var batch = TenantBinding.Create(_privacyDataSource, tenantId, """
            WITH messages AS (
                DELETE FROM omniops_messages WHERE tenant_id = $1 AND conversation_id = ANY ($2) RETURNING 1
            ), outbox AS (
                DELETE FROM omniops_outbox WHERE tenant_id = $1 AND conversation_id = ANY ($2)
            ), conversations AS (
                DELETE FROM conversation_index WHERE tenant_id = $1 AND conversation_id = ANY ($2) RETURNING 1
            )
            SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM messages)
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. conversationIds] });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DeletedConversations((int)reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<string?> FindConversationPageEndAsync(string tenantId, string? after, int limit, CancellationToken cancellationToken = default)
    {
        // The ids at offsets limit - 1 and limit after the bound: an index-only scan of the primary key.
        await using var batch = TenantBinding.Create(_privacyDataSource, tenantId, $"""
            SELECT conversation_id FROM conversation_index WHERE tenant_id = $1{(after is null ? string.Empty : " AND conversation_id > $3")}
            ORDER BY conversation_id OFFSET $2 LIMIT 2
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit - 1) });
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after });
        }

        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await PageEndAsync(reader, cancellationToken);
    }

    public async Task<DeletedConversations> DeleteConversationRangeAsync(string tenantId, string? after, string? upTo, CancellationToken cancellationToken = default)
    {
        // The page is a range of both primary keys, passed as values: under row-level security only a plain comparison
        // with a parameter becomes an index condition (a bound computed by a subquery in the same statement is applied
        // as a filter over every row of the tenant, the reason an IN (SELECT … LIMIT n) took seconds). The tables go in
        // one batch bound to the tenant: one round trip, one transaction, so a page leaves whole or not at all.
        var range = (after is null ? string.Empty : " AND conversation_id > $2") + (upTo is null ? string.Empty : $" AND conversation_id <= ${(after is null ? 2 : 3)}");
        // The page walks the primary keys (TenantBinding.PreferIndexes): a plan that scans the whole table for each page
        // would read it once per page.
        await using var batch = TenantBinding.CreateForPages(_privacyDataSource, tenantId);
        var messages = new NpgsqlBatchCommand($"DELETE FROM omniops_messages WHERE tenant_id = $1{range}");
        var conversations = new NpgsqlBatchCommand($"DELETE FROM conversation_index WHERE tenant_id = $1{range}");
        batch.BatchCommands.Add(messages);
        batch.BatchCommands.Add(conversations);
        // Replies still waiting to be sent go with their conversations (the outbox holds references only, but a row
        // left behind would point at nothing and keep the tenant's dispatcher waking).
        var outbox = new NpgsqlBatchCommand($"DELETE FROM omniops_outbox WHERE tenant_id = $1{range}");
        batch.BatchCommands.Add(outbox);
        foreach (var statement in (NpgsqlBatchCommand[])[messages, conversations, outbox])
        {
            statement.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            foreach (var bound in (string?[])[after, upTo])
            {
                if (bound is not null)
                {
                    statement.Parameters.Add(new NpgsqlParameter<string> { TypedValue = bound });
                }
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new DeletedConversations(conversations.RecordsAffected, messages.RecordsAffected);
    }

    /// <summary>The page's last id when a row follows it (more than one page left), else null.</summary>
    private static async Task<string?> PageEndAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var end = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        return end is not null && await reader.ReadAsync(cancellationToken) ? end : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        await _writerConnections.DisposeAsync();
    }

    private Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<StoredMessage> batch) =>
        _writerConnections.RunAsync(connection => WriteBatchAsync(connection, batch));

    private static async Task<IReadOnlyList<bool>> WriteBatchAsync(NpgsqlConnection connection, IReadOnlyList<StoredMessage> batch)
    {
        // Bound to the batch's tenants (row-level security): the statement can write no other tenant's rows.
        await using var batchCommand = TenantBinding.Create(connection, batch.Select(m => m.TenantId), AppendSql, out var command);
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.TenantId));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.ConversationId));
        Add(command, NpgsqlDbType.Bigint, batch.Select(m => m.Sequence));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.MessageId));
        Add(command, NpgsqlDbType.Smallint, batch.Select(m => (short)m.Kind));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.Channel));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.ActorId));
        Add(command, NpgsqlDbType.TimestampTz, batch.Select(m => m.SentAt?.UtcDateTime));
        Add(command, NpgsqlDbType.TimestampTz, batch.Select(m => m.ReceivedAt.UtcDateTime));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.Status));
        Add(command, NpgsqlDbType.Bytea, batch.Select(m => m.Body));
        Add(command, NpgsqlDbType.Bytea, batch.Select(m => m.Attachments));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.CustomerRef));
        Add(command, NpgsqlDbType.Boolean, batch.Select(m => m.TouchIndex));
        Add(command, NpgsqlDbType.Text, batch.Select(m => m.ChannelAccount));
        Add(command, NpgsqlDbType.Boolean, batch.Select(m => m.Outbound));

        // Prepared once per writer connection: parsed and planned once, not per batch.
        await batchCommand.PrepareAsync();
        var inserted = new HashSet<(string, string, long)>();
        await using (var reader = await TenantBinding.ExecuteReaderAsync(batchCommand))
        {
            while (await reader.ReadAsync())
            {
                inserted.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        return [.. batch.Select(m => inserted.Contains((m.TenantId, m.ConversationId, m.Sequence)))];
    }

    private static void Add<T>(NpgsqlBatchCommand command, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type });

    private static StoredMessage Message(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), (MessageKind)reader.GetInt16(4),
        reader.GetString(5), reader.IsDBNull(12) ? string.Empty : reader.GetString(12), reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : Time(reader, 7), Time(reader, 8), reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<byte[]>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<byte[]>(11));

    private static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);
}
