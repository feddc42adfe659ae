using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>Revoked privacy links in <c>omniops_privacy_link_revocations</c> (migration 0033, row-level security).</summary>
public sealed class PostgresPrivacyLinkRevocationStore(NpgsqlDataSource dataSource) : IPrivacyLinkRevocationStore
{
    public async Task<int> RevokeAsync(string tenantId, IReadOnlyList<(string LinkId, DateTimeOffset ExpiresAt)> links, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // One batch bound to the tenant (one transaction): the expired revocations go, the new ones come.
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "DELETE FROM omniops_privacy_link_revocations WHERE tenant_id = $1 AND expires_at <= $2", out var prune);
        prune.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        prune.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO omniops_privacy_link_revocations (tenant_id, link_id, expires_at, revoked_at)
            SELECT $1, l, e, $4 FROM unnest($2::text[], $3::timestamptz[]) AS u(l, e)
            ON CONFLICT (tenant_id, link_id) DO NOTHING
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenantId },
                new NpgsqlParameter<string[]> { TypedValue = [.. links.Select(l => l.LinkId)] },
                new NpgsqlParameter<DateTime[]> { TypedValue = [.. links.Select(l => l.ExpiresAt.UtcDateTime)] },
                new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime },
            },
        };
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected;
    }

    public async Task<bool> IsRevokedAsync(string tenantId, string linkId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "SELECT EXISTS (SELECT 1 FROM omniops_privacy_link_revocations WHERE tenant_id = $1 AND link_id = $2)", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = linkId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
    }
}
