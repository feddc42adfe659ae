using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Orders;

/// <summary>The order index on PostgreSQL (<c>order_index</c>, migration 0018), bound to its tenant (row-level security).</summary>
public sealed class PostgresOrderIndexStore(NpgsqlDataSource dataSource) : IOrderIndexStore
{
    public async Task UpsertAsync(string tenantId, string orderId, string? customerRef, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            INSERT INTO order_index (tenant_id, order_id, customer_ref, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, order_id) DO UPDATE SET customer_ref = EXCLUDED.customer_ref, updated_at = EXCLUDED.updated_at
                WHERE order_index.updated_at < EXCLUDED.updated_at - interval '1 minute'
                   OR order_index.customer_ref IS DISTINCT FROM EXCLUDED.customer_ref
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = orderId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)customerRef ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = updatedAt.UtcDateTime });
        await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenantId, string orderId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, "DELETE FROM order_index WHERE tenant_id = $1 AND order_id = $2", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = orderId });
        return await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<IndexedOrder>> ListChangedBeforeAsync(string tenantId, DateTimeOffset before, IndexedOrder? after, int limit, CancellationToken cancellationToken = default)
    {
        // Keyset paging in (updated_at, order_id) order over ix_order_index_updated: a page costs the same however deep.
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            SELECT order_id, customer_ref, updated_at FROM order_index
            WHERE tenant_id = $1 AND updated_at < $2
              AND ($3::timestamptz IS NULL OR updated_at > $3 OR (updated_at = $3 AND order_id > $4))
            ORDER BY updated_at, order_id LIMIT $5
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.UpdatedAt.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.OrderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<IndexedOrder>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IndexedOrder(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero)));
        }

        return list;
    }
}
