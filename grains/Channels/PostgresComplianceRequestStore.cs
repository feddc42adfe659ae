using Npgsql;
using NpgsqlTypes;

namespace Omniops.Actors.Grains.Channels;

/// <summary>Forwarded privacy requests in <c>omniops_compliance_requests</c>; the primary key is the idempotency check.</summary>
public sealed class PostgresComplianceRequestStore(NpgsqlDataSource dataSource) : IComplianceRequestStore
{
    public async Task<bool> AddAsync(ComplianceRecord record, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO omniops_compliance_requests (tenant_id, channel, delivery_id, topic, customer_ref, order_ids, request_ref, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.DeliveryId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Topic });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.CustomerRef ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. record.OrderIds] });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.RequestRef ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.ReceivedAt.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ContainsAsync(string tenantId, string channel, string deliveryId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM omniops_compliance_requests WHERE tenant_id = $1 AND channel = $2 AND delivery_id = $3)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deliveryId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ComplianceRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT channel, delivery_id, topic, customer_ref, order_ids, request_ref, received_at
            FROM omniops_compliance_requests WHERE tenant_id = $1 AND handled_at IS NULL ORDER BY received_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        var open = new List<ComplianceRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(new ComplianceRecord(tenantId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(6), TimeSpan.Zero)));
        }

        return open;
    }
}
