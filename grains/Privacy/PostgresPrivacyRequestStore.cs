using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The privacy-request queue in <c>omniops_privacy_requests</c> (migration 0015), bound to its tenant. The requests'
/// own writes go through the privacy work's pool (<paramref name="privacy"/>); the admin's list and the metrics' counts
/// read through the runtime's (<paramref name="dataSource"/>), so they never wait behind an offboarding's pages.
/// </summary>
public sealed class PostgresPrivacyRequestStore(NpgsqlDataSource dataSource, [FromKeyedServices(StorageNames.Privacy)] NpgsqlDataSource privacy) : IPrivacyRequestStore
{
    public async Task UpsertAsync(string tenantId, PrivacyRequestSummary request, IReadOnlyList<string> subjectDigests, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(privacy, tenantId, """
            INSERT INTO omniops_privacy_requests (tenant_id, request_id, kind, status, source, received_at, due_at, completed_at, subject_digests)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (tenant_id, request_id) DO UPDATE SET status = EXCLUDED.status, completed_at = EXCLUDED.completed_at,
                subject_digests = EXCLUDED.subject_digests
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.RequestId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)request.Kind });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)request.Status });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)request.Source });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = request.ReceivedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = request.DueAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.CompletedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. subjectDigests] });
        await TenantBinding.ExecuteNonQueryAsync(batch, command, cancellationToken);
    }

    public async Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(string tenantId, PrivacyRequestStatus? status, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            SELECT request_id, kind, status, source, received_at, due_at, completed_at FROM omniops_privacy_requests
            WHERE tenant_id = $1 AND ($2::smallint IS NULL OR status = $2)
            ORDER BY (status IN (0, 1)) DESC, CASE WHEN status IN (0, 1) THEN due_at END, received_at DESC, request_id
            OFFSET $3 LIMIT $4
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = status is { } s ? (short)s : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = offset });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(batch, cancellationToken);
    }

    public async Task<IReadOnlyList<PrivacyRequestSummary>> ListAboutAsync(string tenantId, IReadOnlyList<string> subjectDigests, int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(dataSource, tenantId, """
            SELECT request_id, kind, status, source, received_at, due_at, completed_at FROM omniops_privacy_requests
            WHERE tenant_id = $1 AND subject_digests && $2::text[]
            ORDER BY received_at, request_id
            LIMIT $3
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. subjectDigests] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(batch, cancellationToken);
    }

    public async Task<IReadOnlyList<PrivacyRequestCount>> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // The function counts as of the database's clock (now()); the argument serves the in-memory store.
        var counts = new List<PrivacyRequestCount>();
        await using var command = dataSource.CreateCommand("SELECT status, requests, overdue FROM omniops_privacy_request_counts()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new PrivacyRequestCount((PrivacyRequestStatus)reader.GetInt16(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return counts;
    }

    private static async Task<IReadOnlyList<PrivacyRequestSummary>> ReadAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var list = new List<PrivacyRequestSummary>();
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new PrivacyRequestSummary(reader.GetString(0), (PrivacyRequestKind)reader.GetInt16(1), (PrivacyRequestStatus)reader.GetInt16(2),
                (PrivacyRequestSource)reader.GetInt16(3), Time(reader, 4), Time(reader, 5), reader.IsDBNull(6) ? null : Time(reader, 6)));
        }

        return list;
    }

    private static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);
}
