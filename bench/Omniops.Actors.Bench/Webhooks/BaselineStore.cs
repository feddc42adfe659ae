using Npgsql;
using NpgsqlTypes;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The baseline's storage: a dedupe table and a message table. One delivery is one statement — the dedupe insert and,
/// only if it inserted a row, the message insert, as a data-modifying CTE — so it is one transaction (autocommit, an
/// implicit transaction around the statement) and one round trip, auto-prepared; its COMMIT waits for the WAL flush
/// (synchronous_commit on) before the call returns.
/// </summary>
public sealed class BaselineStore(NpgsqlDataSource dataSource)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS baseline_deliveries (
            tenant_id text NOT NULL,
            message_id text NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, message_id));
        CREATE TABLE IF NOT EXISTS baseline_messages (
            tenant_id text NOT NULL,
            conversation_id text NOT NULL,
            message_id text NOT NULL,
            customer_ref text NOT NULL,
            body text NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, conversation_id, message_id));
        """;

    private const string Insert = """
        WITH delivery AS (
            INSERT INTO baseline_deliveries (tenant_id, message_id, received_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            RETURNING 1)
        INSERT INTO baseline_messages (tenant_id, conversation_id, message_id, customer_ref, body, received_at)
        SELECT $1, $4, $2, $5, $6, $3 FROM delivery
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
        await using var command = new NpgsqlCommand(Insert, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenantId },
                new NpgsqlParameter<string> { TypedValue = payload.MessageId },
                new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string> { TypedValue = conversationId },
                new NpgsqlParameter<string> { TypedValue = payload.Customer.Ref },
                new NpgsqlParameter<string> { TypedValue = payload.Text },
            },
        };
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
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
}
