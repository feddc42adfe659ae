using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>Subject keys in <c>omniops_subject_keys</c>: nonce ‖ ciphertext ‖ tag, sealed by the tenant key version stored beside it.</summary>
public sealed class PostgresSubjectKeyStore(NpgsqlDataSource dataSource) : ISubjectKeyStore
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public async Task<SubjectKeyRecord?> ReadAsync(string tenantId, string subjectId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "SELECT tenant_version, wrapped, created_at FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subjectId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var blob = reader.GetFieldValue<byte[]>(1);
        var wrapped = new EncryptedField(TenantKeyring.KeyId, reader.GetInt32(0), blob[..NonceLength], blob[NonceLength..^TagLength], blob[^TagLength..]);
        return new SubjectKeyRecord(tenantId, subjectId, wrapped, new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero));
    }

    public async Task<SubjectKeyRecord> AddOrGetAsync(SubjectKeyRecord record, CancellationToken cancellationToken = default)
    {
        await using (var batch = TenantBinding.Create(dataSource, record.TenantId,
            "INSERT INTO omniops_subject_keys (tenant_id, subject_id, tenant_version, wrapped, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", out var command))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.TenantId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.SubjectId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = record.Wrapped.KeyVersion });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = [.. record.Wrapped.Nonce, .. record.Wrapped.Ciphertext, .. record.Wrapped.Tag] });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.CreatedAt.UtcDateTime });
            await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
        }

        return await ReadAsync(record.TenantId, record.SubjectId, cancellationToken)
            ?? throw new KeyUnavailableException("A subject key vanished while it was being created.");
    }

    public async Task<bool> DeleteAsync(string tenantId, string subjectId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, "DELETE FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subjectId });
        return await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken) == 1;
    }
}
