using Npgsql;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>Tenant keys in <c>omniops_tenant_keys</c>.</summary>
public sealed class PostgresTenantKeyStore(NpgsqlDataSource dataSource) : ITenantKeyStore
{
    private const string Columns = "tenant_id, version, kek_id, wrapped, created_at";

    public Task<IReadOnlyList<TenantKeyRecord>> ReadAsync(string tenantId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM omniops_tenant_keys WHERE tenant_id = $1 ORDER BY version", tenantId, cancellationToken);

    public async Task<bool> TryAddAsync(TenantKeyRecord record, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO omniops_tenant_keys ({Columns}) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.TenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = record.Version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Wrapped.KekId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = record.Wrapped.Ciphertext });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.CreatedAt.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RewrapAsync(string tenantId, int version, string expectedKekId, WrappedKey wrapped, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE omniops_tenant_keys SET kek_id = $4, wrapped = $5 WHERE tenant_id = $1 AND version = $2 AND kek_id = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = expectedKekId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wrapped.KekId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = wrapped.Ciphertext });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<IReadOnlyList<TenantKeyRecord>> ReadNotWrappedByAsync(string kekId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM omniops_tenant_keys WHERE kek_id <> $1 ORDER BY tenant_id, version", kekId, cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> CountByKekAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT kek_id, count(*) FROM omniops_tenant_keys GROUP BY kek_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task<IReadOnlyList<TenantKeyRecord>> QueryAsync(string sql, string argument, CancellationToken cancellationToken)
    {
        var records = new List<TenantKeyRecord>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new TenantKeyRecord(reader.GetString(0), reader.GetInt32(1),
                new WrappedKey(reader.GetString(2), reader.GetFieldValue<byte[]>(3)),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero)));
        }

        return records;
    }
}
