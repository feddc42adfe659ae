using Npgsql;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// The statements that page over a tenant's conversations by key range, shared by the message store's own calls and
/// the offboarding's pages (<see cref="Privacy.PostgresTenantDataPurger.DeletePageAsync"/>), which put them into one
/// batch with the pages of the tenant's other tables. Each is added to a batch bound to the tenant.
/// </summary>
internal static class ConversationPageStatements
{
    /// <summary>
    /// The probe for a page's end: the ids at offsets limit - 1 and limit after <paramref name="after"/>, an index-only
    /// scan of the primary key. <see cref="ReadEndAsync"/> reads its answer.
    /// </summary>
    public static NpgsqlBatchCommand AddEndProbe(NpgsqlBatch batch, string tenantId, string? after, int limit)
    {
        var probe = new NpgsqlBatchCommand($"""
            SELECT conversation_id FROM conversation_index WHERE tenant_id = $1{(after is null ? string.Empty : " AND conversation_id > $3")}
            ORDER BY conversation_id OFFSET $2 LIMIT 2
            """);
        probe.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        probe.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit - 1) });
        if (after is not null)
        {
            probe.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after });
        }

        batch.BatchCommands.Add(probe);
        return probe;
    }

    /// <summary>The page's last id when a row follows it (more than one page left), else null; the reader on the probe's rows.</summary>
    public static async Task<string?> ReadEndAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var end = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
        return end is not null && await reader.ReadAsync(cancellationToken) ? end : null;
    }

    /// <summary>
    /// The range's deletes: messages, index rows and outbox rows of the conversations with ids after
    /// <paramref name="after"/> up to <paramref name="upTo"/> (null: no bound on that side). Their counts are the
    /// returned statements' <c>RecordsAffected</c> once the batch has run.
    /// </summary>
    public static (NpgsqlBatchCommand Conversations, NpgsqlBatchCommand Messages) AddRangeDelete(NpgsqlBatch batch, string tenantId, string? after, string? upTo)
    {
        // The page is a range of both primary keys, passed as values: under row-level security only a plain comparison
        // with a parameter becomes an index condition (a bound computed by a subquery in the same statement is applied
        // as a filter over every row of the tenant, the reason an IN (SELECT … LIMIT n) took seconds).
        var range = (after is null ? string.Empty : " AND conversation_id > $2") + (upTo is null ? string.Empty : $" AND conversation_id <= ${(after is null ? 2 : 3)}");
        var messages = new NpgsqlBatchCommand($"DELETE FROM omniops_messages WHERE tenant_id = $1{range}");
        var conversations = new NpgsqlBatchCommand($"DELETE FROM conversation_index WHERE tenant_id = $1{range}");
        // Replies still waiting to be sent go with their conversations (the outbox holds references only, but a row
        // left behind would point at nothing and keep the tenant's dispatcher waking).
        var outbox = new NpgsqlBatchCommand($"DELETE FROM omniops_outbox WHERE tenant_id = $1{range}");
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

            batch.BatchCommands.Add(statement);
        }

        return (conversations, messages);
    }
}
