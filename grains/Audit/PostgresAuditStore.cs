using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// The PostgreSQL audit store with group commit (<see cref="GroupCommitQueue{TItem,TResult}"/>): appends from every
/// audit grain of the silo queue up and one writer inserts whatever has gathered in a single transaction, so 64
/// concurrent appends cost about one commit, not 64. Each append still returns only after its transaction committed.
/// One batch is in flight at a time, which keeps every tenant's events in sequence order across batches. If a batch
/// fails, its tenants are retried one transaction each, so one tenant's broken chain cannot fail another's events.
/// The writer keeps its connection open between batches (<see cref="WriterConnections"/>), with the INSERT prepared on it.
/// </summary>
public sealed class PostgresAuditStore : IAuditStore, IAsyncDisposable
{
    private const int MaxBatch = 1024;
    private const string Columns = "tenant_id, seq, occurred_at, actor_kind, actor_id, operation, outcome, resource, details, prev_hash, hash";

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitQueue<IReadOnlyList<AuditEvent>, bool> _queue;

    /// <summary>The writer's open connection between batches (one writer, so at most one).</summary>
    private readonly WriterConnections _writerConnection;

    public PostgresAuditStore(NpgsqlDataSource dataSource, ILogger<PostgresAuditStore> logger)
    {
        _dataSource = dataSource;
        _writerConnection = new WriterConnections(dataSource);
        _queue = new GroupCommitQueue<IReadOnlyList<AuditEvent>, bool>(InsertAsync, events => events[0].TenantId, MaxBatch, writers: 1, logger);
    }

    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => _queue.EnqueueAsync([auditEvent]);

    /// <summary>
    /// One item of the group commit, so its events go into the same statement (never split between batches) and a
    /// failure fails all of them: they are stored together or not at all.
    /// </summary>
    public Task AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default) =>
        auditEvents.Count == 0 ? Task.CompletedTask : _queue.EnqueueAsync(auditEvents);

    public async Task<AuditEvent?> ReadHeadAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await foreach (var e in QueryAsync($"SELECT {Columns} FROM omniops_audit_events WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", tenantId, null, null, cancellationToken))
        {
            return e;
        }

        return null;
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var page = new List<AuditEvent>(limit);
        await foreach (var e in QueryAsync($"SELECT {Columns} FROM omniops_audit_events WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3", tenantId, afterSequence, limit, cancellationToken))
        {
            page.Add(e);
        }

        return page;
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadBeforeAsync(string tenantId, long beforeSequence, int limit, CancellationToken cancellationToken = default)
    {
        var page = new List<AuditEvent>(limit);
        await foreach (var e in QueryAsync($"SELECT {Columns} FROM omniops_audit_events WHERE tenant_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3", tenantId, beforeSequence, limit, cancellationToken))
        {
            page.Add(e);
        }

        return page;
    }

    public async Task<IReadOnlyList<AuditEvent>> ReadAboutAsync(string tenantId, IReadOnlyList<string> resources, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        var page = new List<AuditEvent>(Math.Min(limit, 64));
        await foreach (var e in QueryAsync($"SELECT {Columns} FROM omniops_audit_events WHERE tenant_id = $1 AND seq > $2 AND resource = ANY($4) ORDER BY seq LIMIT $3",
                           tenantId, afterSequence, limit, cancellationToken, [.. resources]))
        {
            page.Add(e);
        }

        return page;
    }

    public async Task<long?> LastSequenceBeforeAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId,
            "SELECT max(seq) FROM omniops_audit_events WHERE tenant_id = $1 AND occurred_at < $2", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before.UtcDateTime });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !await reader.IsDBNullAsync(0, cancellationToken) ? reader.GetInt64(0) : null;
    }

    public async Task<long> ExpireAsync(string tenantId, long upToSequence, CancellationToken cancellationToken = default)
    {
        // The runtime role may not DELETE audit rows; the schema owner's function is the one path, and it records the horizon.
        await using var batch = TenantBinding.Create(_dataSource, tenantId, "SELECT omniops_audit_expire($1, $2)", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upToSequence });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0);
    }

    public async Task<AuditHorizon?> ReadHorizonAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId,
            "SELECT seq, hash, removed_count, removed_at FROM omniops_audit_horizons WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", out var command);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuditHorizon(reader.GetInt64(0), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1)), reader.GetInt64(2),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero))
            : null;
    }

    public async Task<IReadOnlyList<string>> ReadTenantIdsAsync(CancellationToken cancellationToken = default)
    {
        // The audit table shows the runtime role only bound tenants (row-level security). Every log that exists has a
        // tenant key (the operator log too), and the tenant keys are the one table the named cross-tenant path may read.
        var tenants = new List<string>();
        await using var batch = TenantBinding.CreateAcrossTenantKeys(_dataSource, "SELECT DISTINCT tenant_id FROM omniops_tenant_keys", out _);
        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }

        return tenants;
    }

    public IAsyncEnumerable<AuditEvent> ReadAllAsync(string tenantId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM omniops_audit_events WHERE tenant_id = $1 ORDER BY seq", tenantId, null, null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        await _writerConnection.DisposeAsync();
    }

    private async IAsyncEnumerable<AuditEvent> QueryAsync(string sql, string tenantId, long? after, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken, string[]? resources = null)
    {
        await using var batch = TenantBinding.Create(_dataSource, tenantId, sql, out var command);
        command.Parameters.Add(new NpgsqlParameter<string>{ TypedValue = tenantId });
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Value });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit ?? 100 });
        }

        if (resources is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = resources });
        }

        await using var reader = await TenantBinding.ExecuteReaderAsync(batch, System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditEvent(
                reader.GetString(0),
                reader.GetInt64(1),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero),
                (ActorKind)reader.GetInt16(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                await reader.IsDBNullAsync(7, cancellationToken) ? null : reader.GetString(7),
                reader.GetString(8),
                reader.GetFieldValue<byte[]>(9),
                reader.GetFieldValue<byte[]>(10));
        }
    }

    private async Task<IReadOnlyList<bool>> InsertAsync(IReadOnlyList<IReadOnlyList<AuditEvent>> appends)
    {
        var batch = appends.SelectMany(a => a).ToList();
        var n = batch.Count;
        var tenants = new string[n];
        var sequences = new long[n];
        var times = new DateTime[n];
        var kinds = new short[n];
        var actors = new string[n];
        var operations = new string[n];
        var outcomes = new string[n];
        var resources = new string?[n];
        var details = new string[n];
        var previous = new byte[n][];
        var hashes = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var e = batch[i];
            (tenants[i], sequences[i], times[i], kinds[i], actors[i]) = (e.TenantId, e.Sequence, e.OccurredAt.UtcDateTime, (short)e.ActorKind, e.ActorId);
            (operations[i], outcomes[i], resources[i], details[i], previous[i], hashes[i]) = (e.Operation, e.Outcome, e.Resource, e.Details, e.PreviousHash, e.Hash);
        }

        return await _writerConnection.RunAsync<IReadOnlyList<bool>>(async connection =>
        {
            await InsertAsync(connection, tenants, sequences, times, kinds, actors, operations, outcomes, resources, details, previous, hashes).ConfigureAwait(false);
            return new bool[appends.Count];
        }).ConfigureAwait(false);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, string[] tenants, long[] sequences, DateTime[] times, short[] kinds, string[] actors,
        string[] operations, string[] outcomes, string?[] resources, string[] details, byte[][] previous, byte[][] hashes)
    {
        await using var batchCommand = TenantBinding.Create(connection, tenants,
            $"""
            INSERT INTO omniops_audit_events ({Columns})
            SELECT t, s, o, k, a, op, oc, r, d, p, h
            FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::smallint[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::bytea[], $11::bytea[]) WITH ORDINALITY AS b(t, s, o, k, a, op, oc, r, d, p, h, i)
            ORDER BY i
            """, out var command);
        command.Parameters.Add(new NpgsqlParameter { Value = tenants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = actors, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = operations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = resources, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = details, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = previous, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        // Prepared once per writer connection (a no-op once it is): parsed and planned once, not per batch.
        await batchCommand.PrepareAsync().ConfigureAwait(false);
        await batchCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
