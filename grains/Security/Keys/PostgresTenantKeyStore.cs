using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>Tenant keys in <c>omniops_tenant_keys</c>.</summary>
public sealed class PostgresTenantKeyStore(NpgsqlDataSource dataSource) : ITenantKeyStore
{
    private const string Columns = "tenant_id, version, kek_id, wrapped, created_at";

    public Task<IReadOnlyList<TenantKeyRecord>> ReadAsync(string tenantId, CancellationToken cancellationToken = default) =>
        QueryAsync(TenantBinding.Create(dataSource, tenantId, $"SELECT {Columns} FROM omniops_tenant_keys WHERE tenant_id = $1 ORDER BY version", out var command), command, tenantId, cancellationToken);

    public async Task<bool> TryAddAsync(TenantKeyRecord record, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, record.TenantId,
            $"INSERT INTO omniops_tenant_keys ({Columns}) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.TenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = record.Version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.Wrapped.KekId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = record.Wrapped.Ciphertext });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.CreatedAt.UtcDateTime });
        return await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken) == 1;
    }

    public async Task<bool> RewrapAsync(string tenantId, int version, string expectedKekId, WrappedKey wrapped, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "UPDATE omniops_tenant_keys SET kek_id = $4, wrapped = $5 WHERE tenant_id = $1 AND version = $2 AND kek_id = $3", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = expectedKekId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wrapped.KekId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = wrapped.Ciphertext });
        return await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken) == 1;
    }

    /// <summary>Across tenants (the master-key re-wrap): the explicit all-tenants path of the key tables.</summary>
    public Task<IReadOnlyList<TenantKeyRecord>> ReadNotWrappedByAsync(string kekId, CancellationToken cancellationToken = default) =>
        QueryAsync(TenantBinding.CreateAcrossTenantKeys(dataSource, $"SELECT {Columns} FROM omniops_tenant_keys WHERE kek_id <> $1 ORDER BY tenant_id, version", out var command), command, kekId, cancellationToken);

    /// <summary>Across tenants (the start-up check and the operator's key status): the explicit all-tenants path.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByKekAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var batch = TenantBinding.CreateAcrossTenantKeys(dataSource, "SELECT kek_id, count(*) FROM omniops_tenant_keys GROUP BY kek_id", out _);
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static async Task<IReadOnlyList<TenantKeyRecord>> QueryAsync(NpgsqlBatch batch, NpgsqlBatchCommand command, string argument, CancellationToken cancellationToken)
    {
        await using var owned = batch;
        var records = new List<TenantKeyRecord>();
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new TenantKeyRecord(reader.GetString(0), reader.GetInt32(1),
                new WrappedKey(reader.GetString(2), reader.GetFieldValue<byte[]>(3)),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero)));
        }

        return records;
    }
}
