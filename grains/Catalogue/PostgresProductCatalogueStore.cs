using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.GrainInterfaces.Catalogue;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Catalogue;

/// <summary>The catalogue on PostgreSQL (<c>omniops_products</c>, migration 0024), bound to its tenant (row-level security).</summary>
public sealed class PostgresProductCatalogueStore(NpgsqlDataSource dataSource) : IProductCatalogueStore
{
    public async Task<(bool Duplicate, bool Stale)> UpsertAsync(string tenantId, string deliveryId, ProductRecord product, CancellationToken cancellationToken = default)
    {
        // Every CTE sees the table as it was before the statement: "held" is the version the upsert may replace.
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            WITH held AS (SELECT delivery_id FROM omniops_products WHERE tenant_id = $1 AND product_id = $2),
            written AS (
                INSERT INTO omniops_products (tenant_id, product_id, title, handle, status, vendor, product_type, tags, variants, search_text, updated_at, delivery_id)
                SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
                WHERE NOT EXISTS (SELECT 1 FROM held WHERE delivery_id = $12)
                ON CONFLICT (tenant_id, product_id) DO UPDATE SET title = EXCLUDED.title, handle = EXCLUDED.handle, status = EXCLUDED.status,
                    vendor = EXCLUDED.vendor, product_type = EXCLUDED.product_type, tags = EXCLUDED.tags, variants = EXCLUDED.variants,
                    search_text = EXCLUDED.search_text, updated_at = EXCLUDED.updated_at, delivery_id = EXCLUDED.delivery_id
                    WHERE omniops_products.updated_at < EXCLUDED.updated_at
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM held WHERE delivery_id = $12), EXISTS (SELECT 1 FROM written)
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = product.ProductId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = product.Title });
        foreach (var value in new[] { product.Handle, product.Status, product.Vendor, product.ProductType })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        }

        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. product.Tags] });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(product.Variants), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ProductSearchText.Of(product) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = product.UpdatedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deliveryId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var duplicate = reader.GetBoolean(0);
        return (duplicate, !duplicate && !reader.GetBoolean(1));
    }

    public async Task<IReadOnlyList<ProductRecord>> SearchAsync(string tenantId, string query, int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            SELECT product_id, title, handle, status, vendor, product_type, tags, variants::text, updated_at FROM omniops_products
            WHERE tenant_id = $1 AND strpos(search_text, $2) > 0
            ORDER BY title, product_id LIMIT $3
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.ToLowerInvariant() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<ProductRecord>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ProductRecord(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                reader.GetFieldValue<string[]>(6), JsonSerializer.Deserialize<List<ProductVariant>>(reader.GetString(7)) ?? [],
                new DateTimeOffset(reader.GetFieldValue<DateTime>(8), TimeSpan.Zero)));
        }

        return list;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
