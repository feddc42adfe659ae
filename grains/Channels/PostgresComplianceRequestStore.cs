using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Channels;

/// <summary>
/// Forwarded privacy requests in <c>omniops_compliance_requests</c>; the primary key and, for the destructive topics,
/// the unique body digest are the idempotency checks.
/// </summary>
public sealed class PostgresComplianceRequestStore(NpgsqlDataSource dataSource) : IComplianceRequestStore
{
    private const string Columns = "channel, delivery_id, topic, customer_ref, order_ids, request_ref, received_at, body_digest, effective_at";

    public async Task<bool> AddAsync(ComplianceRecord record, CancellationToken cancellationToken = default)
    {
        // No conflict target: a repeated delivery id and a repeated destructive body are both conflicts.
        await using var batch = TenantBinding.Create(dataSource, record.TenantId, $"""
            INSERT INTO omniops_compliance_requests (tenant_id, {Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.DeliveryId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Topic });
        command.Parameters.Add(Text(record.CustomerRef));
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. record.OrderIds] });
        command.Parameters.Add(Text(record.RequestRef));
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.ReceivedAt.UtcDateTime });
        command.Parameters.Add(Text(record.BodyDigest));
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.EffectiveAt.UtcDateTime });
        return await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken) == 1;
    }

    public async Task<ComplianceRecord?> FindAsync(string tenantId, string channel, string deliveryId, string? bodyDigest, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, $"""
            SELECT {Columns} FROM omniops_compliance_requests
            WHERE tenant_id = $1 AND channel = $2 AND (delivery_id = $3 OR body_digest = $4)
            ORDER BY received_at LIMIT 1
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deliveryId });
        command.Parameters.Add(Text(bodyDigest));
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(tenantId, reader) : null;
    }

    public async Task<IReadOnlyList<ComplianceRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, $"""
            SELECT {Columns}
            FROM omniops_compliance_requests WHERE tenant_id = $1 AND handled_at IS NULL ORDER BY received_at
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        var open = new List<ComplianceRecord>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(Read(tenantId, reader));
        }

        return open;
    }

    public async Task<int> DeleteForSubjectAsync(string tenantId, string? customerRef, IReadOnlyList<string> orderIds, CancellationToken cancellationToken = default)
    {
        // A destructive request keeps its row without any ref (its keyed body digest still refuses a replay of the same
        // signed body); every other row about the subject goes.
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            WITH stripped AS (
                UPDATE omniops_compliance_requests SET customer_ref = NULL, order_ids = '{}', request_ref = NULL
                WHERE tenant_id = $1 AND (customer_ref = $2 OR order_ids && $3) AND body_digest IS NOT NULL RETURNING 1
            ), deleted AS (
                DELETE FROM omniops_compliance_requests
                WHERE tenant_id = $1 AND (customer_ref = $2 OR order_ids && $3) AND body_digest IS NULL RETURNING 1
            )
            SELECT (SELECT count(*) FROM stripped) + (SELECT count(*) FROM deleted)
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(Text(customerRef));
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. orderIds] });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (int)reader.GetInt64(0);
    }

    public async Task MarkHandledAsync(string tenantId, string channel, string deliveryId, DateTimeOffset handledAt, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "UPDATE omniops_compliance_requests SET handled_at = $4 WHERE tenant_id = $1 AND channel = $2 AND delivery_id = $3 AND handled_at IS NULL", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deliveryId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = handledAt.UtcDateTime });
        await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static ComplianceRecord Read(string tenantId, NpgsqlDataReader reader) =>
        new(tenantId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.IsDBNull(5) ? null : reader.GetString(5),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(6), TimeSpan.Zero), reader.IsDBNull(7) ? null : reader.GetString(7),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(8), TimeSpan.Zero));
}
