using Npgsql;
using NpgsqlTypes;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The baseline's storage: a dedupe table and a message table; a delivery inserts its (tenant, message id) into the
/// dedupe table with <c>ON CONFLICT DO NOTHING</c> and, only if that inserted a row, the message — atomically, in one
/// of two ways (<see cref="BaselineWriteMode"/>):
/// <list type="bullet">
/// <item><see cref="BaselineWriteMode.SingleStatement"/>: both inserts as one data-modifying CTE in autocommit — one
/// statement, one implicit transaction, one round trip.</item>
/// <item><see cref="BaselineWriteMode.ExplicitTransaction"/>: <c>BeginTransactionAsync</c>, the dedupe insert (its
/// rows affected decide), the message insert, <c>CommitAsync</c> — two commands and a COMMIT on the same connection,
/// three round trips (Npgsql sends <c>BEGIN</c> together with the first insert).</item>
/// </list>
/// Every statement is auto-prepared; either way the COMMIT waits for the WAL flush (synchronous_commit on) before the
/// call returns.
/// </summary>
public sealed class BaselineStore(NpgsqlDataSource dataSource, BaselineWriteMode mode)
{
    // Ids in the "C" collation, as in the Omniops schema: the same cheap byte-order index comparisons on both sides.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS baseline_deliveries (
            tenant_id text COLLATE "C" NOT NULL,
            message_id text COLLATE "C" NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, message_id));
        CREATE TABLE IF NOT EXISTS baseline_messages (
            tenant_id text COLLATE "C" NOT NULL,
            conversation_id text COLLATE "C" NOT NULL,
            message_id text COLLATE "C" NOT NULL,
            customer_ref text COLLATE "C" NOT NULL,
            body text NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, conversation_id, message_id));
        """;

    private const string InsertBoth = """
        WITH delivery AS (
            INSERT INTO baseline_deliveries (tenant_id, message_id, received_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            RETURNING 1)
        INSERT INTO baseline_messages (tenant_id, conversation_id, message_id, customer_ref, body, received_at)
        SELECT $1, $4, $2, $5, $6, $3 FROM delivery
        """;

    private const string InsertDelivery = """
        INSERT INTO baseline_deliveries (tenant_id, message_id, received_at) VALUES ($1, $2, $3)
        ON CONFLICT DO NOTHING
        """;

    private const string InsertMessage = """
        INSERT INTO baseline_messages (tenant_id, conversation_id, message_id, customer_ref, body, received_at)
        VALUES ($1, $4, $2, $5, $6, $3)
        """;

    public async Task CreateSchemaAsync()
    {
        await using var command = dataSource.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync();
    }

    /// <returns>True when the message was new; false for a duplicate delivery (nothing written).</returns>
    public async Task<bool> RecordAsync(string tenantId, string conversationId, BaselinePayload payload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var receivedAt = DateTime.UtcNow;
        if (mode == BaselineWriteMode.SingleStatement)
        {
            await using var both = Command(InsertBoth, connection, null, tenantId, payload, receivedAt, conversationId);
            return await both.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var delivery = Command(InsertDelivery, connection, transaction, tenantId, payload, receivedAt);
        var inserted = await delivery.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (inserted)
        {
            await using var message = Command(InsertMessage, connection, transaction, tenantId, payload, receivedAt, conversationId);
            await message.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>(deliveries, messages) stored, for the report's sanity line.</summary>
    public async Task<(long Deliveries, long Messages)> CountAsync()
    {
        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM baseline_deliveries), (SELECT count(*) FROM baseline_messages)");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// A command over $1 tenant id, $2 message id, $3 received at and, when <paramref name="conversationId"/> is given,
    /// $4 conversation id, $5 customer ref and $6 body.
    /// </summary>
    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenantId,
        BaselinePayload payload, DateTime receivedAt, string? conversationId = null)
    {
        var command = new NpgsqlCommand(sql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenantId },
                new NpgsqlParameter<string> { TypedValue = payload.MessageId },
                new NpgsqlParameter<DateTime> { TypedValue = receivedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        if (conversationId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conversationId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload.Customer.Ref });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload.Text });
        }

        return command;
    }
}
