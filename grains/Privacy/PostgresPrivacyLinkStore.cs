using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>Issued privacy links in <c>omniops_privacy_links</c> (migration 0033, row-level security).</summary>
public sealed class PostgresPrivacyLinkStore(NpgsqlDataSource dataSource) : IPrivacyLinkStore
{
    private const string Prune = "DELETE FROM omniops_privacy_links WHERE tenant_id = $1 AND expires_at <= $2";

    public async Task AddAsync(string tenantId, string linkId, string subjectDigest, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // One batch bound to the tenant (one transaction): the expired links go, the new one comes.
        await using var batch = TenantBinding.Create(dataSource, tenantId, Prune, out var prune);
        AddParameters(prune, tenantId, now);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO omniops_privacy_links (tenant_id, link_id, subject_digest, expires_at) VALUES ($1, $2, $3, $4)")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenantId },
                new NpgsqlParameter<string> { TypedValue = linkId },
                new NpgsqlParameter<string> { TypedValue = subjectDigest },
                new NpgsqlParameter<DateTime> { TypedValue = expiresAt.UtcDateTime },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PrivacyLinkRevocation> RevokeAsync(string tenantId, string subjectDigest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // One statement over the subject's rows (ix_omniops_privacy_links_subject): the unexpired ones revoked, what
        // there was counted; then the tenant's expired rows pruned, in the same transaction.
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            WITH subject AS (
                SELECT link_id, expires_at, revoked_at FROM omniops_privacy_links WHERE tenant_id = $1 AND subject_digest = $2
            ), revoked AS (
                UPDATE omniops_privacy_links l SET revoked_at = $3
                FROM subject s WHERE l.tenant_id = $1 AND l.link_id = s.link_id AND s.expires_at > $3 AND s.revoked_at IS NULL
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM revoked), (SELECT count(*) FROM subject WHERE expires_at > $3), (SELECT count(*) FROM subject)
            """, out var revoke);
        revoke.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        revoke.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subjectDigest });
        revoke.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        var prune = new NpgsqlBatchCommand(Prune);
        AddParameters(prune, tenantId, now);
        batch.BatchCommands.Add(prune);
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PrivacyLinkRevocation((int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetInt64(2) > 0);
    }

    public async Task<bool> IsRevokedAsync(string tenantId, string linkId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "SELECT EXISTS (SELECT 1 FROM omniops_privacy_links WHERE tenant_id = $1 AND link_id = $2 AND revoked_at IS NOT NULL)", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = linkId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
    }

    private static void AddParameters(NpgsqlBatchCommand command, string tenantId, DateTimeOffset now)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
    }
}
