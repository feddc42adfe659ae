using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The subject index in <c>omniops_subjects</c> and <c>omniops_subject_lookups</c> (migration 0017), bound to its tenant.</summary>
public sealed class PostgresSubjectIndexStore(NpgsqlDataSource dataSource) : ISubjectIndexStore
{
    public async Task AddSubjectAsync(string tenantId, string customerRef, string channel, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            INSERT INTO omniops_subjects (tenant_id, customer_ref, channel, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, customer_ref) DO UPDATE SET channel = EXCLUDED.channel
            WHERE omniops_subjects.channel = '' AND EXCLUDED.channel <> ''
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerRef });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = createdAt.UtcDateTime });
        await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
    }

    public async Task ReplaceLookupsAsync(string tenantId, string customerRef, IReadOnlyCollection<SubjectLookup> lookups, CancellationToken cancellationToken = default)
    {
        // One batch, one implicit transaction: the old entries go and the new ones come together.
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "DELETE FROM omniops_subject_lookups WHERE tenant_id = $1 AND customer_ref = $2", out var delete);
        delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerRef });
        if (lookups.Count > 0)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO omniops_subject_lookups (tenant_id, kind, digest, customer_ref)
                SELECT $1, k, d, $2 FROM unnest($3::smallint[], $4::bytea[]) AS l (k, d)
                ON CONFLICT DO NOTHING
                """);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerRef });
            insert.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. lookups.Select(l => (short)l.Kind)] });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. lookups.Select(l => l.Digest)] });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindAsync(string tenantId, SubjectLookupKind kind, byte[] digest, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            SELECT customer_ref FROM omniops_subject_lookups WHERE tenant_id = $1 AND kind = $2 AND digest = $3 ORDER BY customer_ref LIMIT 1000
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = digest });
        var refs = new List<string>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            refs.Add(reader.GetString(0));
        }

        return refs;
    }

    public async Task<int> DeleteAsync(string tenantId, string customerRef, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId,
            "DELETE FROM omniops_subject_lookups WHERE tenant_id = $1 AND customer_ref = $2", out var lookups);
        lookups.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        lookups.Parameters.Add(new NpgsqlParameter<string> { TypedValue = customerRef });
        var subject = new NpgsqlBatchCommand("DELETE FROM omniops_subjects WHERE tenant_id = $1 AND customer_ref = $2")
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId }, new NpgsqlParameter<string> { TypedValue = customerRef } },
        };
        batch.BatchCommands.Add(subject);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return lookups.RecordsAffected + subject.RecordsAffected;
    }

    public async Task<IReadOnlyList<SubjectRow>> ListSubjectsAsync(string tenantId, string? afterRef, int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            SELECT customer_ref, channel, created_at FROM omniops_subjects
            WHERE tenant_id = $1 AND ($2::text IS NULL OR customer_ref > $2) ORDER BY customer_ref LIMIT $3
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterRef ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var rows = new List<SubjectRow>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SubjectRow(reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero)));
        }

        return rows;
    }
}
