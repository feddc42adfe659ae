using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Audit append throughput on PostgreSQL through the real grain and store (group commit, chain trigger, synchronous
/// commit on) against a baseline in the same run on the same server: <c>--concurrency</c> connections each doing
/// autocommit single-row INSERTs into a table of the same shape without triggers.
/// </summary>
public sealed class AuditBenchmark(BenchOptions options, PostgresDeployment deployment)
{
    private const double TargetRatio = 1.0;
    private const string PlainTable = "bench_plain_events";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.5);

    private int _plainRun;

    /// <returns>The worst share of the cores other processes took during a measured run.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"## audit: append throughput on PostgreSQL ({options.Concurrency} concurrent writers, {options.Rounds} rounds × {options.Seconds} s per case)");
        await output.WriteLineAsync();
        // The runtime role may not create tables (database roles): the baseline's table is created by the superuser and
        // written, like the audit log, by the runtime role.
        await using (var connection = new NpgsqlConnection(deployment.SuperuserConnectionString))
        {
            await connection.OpenAsync();
            var runtimeRole = new NpgsqlConnectionStringBuilder(deployment.ApplicationConnectionString).Username;
            await using var create = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {PlainTable} (LIKE omniops_audit_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES); " +
                $"GRANT SELECT, INSERT ON {PlainTable} TO \"{runtimeRole}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using var dataSource = PlainDataSource(autoPrepare: 0);
        await using var preparedSource = PlainDataSource(autoPrepare: 4); // Npgsql's automatic preparation: parse/plan once per connection

        var spread = Enumerable.Range(0, 16).Select(_ => GrainKeys.NewTenantId()).ToArray();
        string[] single = [GrainKeys.NewTenantId()];
        var cases = new (string Name, Func<TimeSpan, Task<LoadResult>> Run, bool IsAudit)[]
        {
            ("plain INSERT, autocommit, 1 row each (baseline)", window => PlainInsertAsync(dataSource, window), false),
            ("plain INSERT as above, prepared statement", window => PlainInsertAsync(preparedSource, window), false),
            ($"IAuditLogGrain.AppendAsync, {spread.Length} tenants", window => AppendAsync(spread, window), true),
            ("IAuditLogGrain.AppendAsync, 1 tenant", window => AppendAsync(single, window), true),
        };

        var results = cases.ToDictionary(c => c.Name, _ => new List<LoadResult>());
        foreach (var c in cases)
        {
            var warm = await c.Run(TimeSpan.FromSeconds(1)); // warm-up: JIT, connection pools, grain activations; discarded
            Progress.Report($"audit warm-up, {c.Name}: {Format.Rate(warm.PerSecond)} events/s");
        }

        for (var round = 0; round < options.Rounds; round++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var c = cases[(k + round) % cases.Length];
                var result = await c.Run(options.Window);
                results[c.Name].Add(result);
                Progress.Report($"audit round {round + 1}, {c.Name}: {Format.Rate(result.PerSecond)} events/s");
            }
        }

        var table = new MarkdownTable(["case", .. Enumerable.Range(1, options.Rounds).Select(r => $"round {r} events/s"), "median events/s", "p50 ms", "p99 ms", "machine CPU busy", "other load (max)", "× plain INSERT", "× prepared INSERT", $"target ≥ {TargetRatio:0.0}× plain"]);
        var baseline = Format.Median(results[cases[0].Name].Select(r => r.PerSecond));
        var prepared = Format.Median(results[cases[1].Name].Select(r => r.PerSecond));
        foreach (var c in cases)
        {
            var runs = results[c.Name];
            var median = Format.Median(runs.Select(r => r.PerSecond));
            var typical = runs.OrderBy(r => Math.Abs(r.PerSecond - median)).First();
            var ratio = median / baseline;
            table.Add([c.Name, .. runs.Select(r => Format.Rate(r.PerSecond)), Format.Rate(median),
                Format.Milliseconds(typical.P50Milliseconds), Format.Milliseconds(typical.P99Milliseconds),
                (typical.MachineCpuMicrosecondsPerOperation * typical.PerSecond / (Environment.ProcessorCount * 1e4)).ToString("F0", CultureInfo.InvariantCulture) + " %",
                Format.Load(runs.Max(r => r.OtherLoadPercent)),
                Format.Ratio(ratio), Format.Ratio(median / prepared), c.IsAudit ? (ratio >= TargetRatio ? "met" : "MISSED") : "–"]);
        }

        await output.WriteLineAsync(table.ToString());
        await output.WriteLineAsync("p50/p99: latency of one append/INSERT; machine CPU busy: all cores, every process (PostgreSQL, kernel, this one; " +
            "spin-waiting counts as busy), from /proc/stat. Both from the run closest to the median. other load: share of all cores used by " +
            "other user processes (neither this process nor PostgreSQL; kernel threads not counted) during a run, worst run; above a few % the numbers are disturbed.");
        await output.WriteLineAsync($"Stored: {Format.Count(await CountAsync("omniops_audit_events"))} audit events, {Format.Count(await CountAsync(PlainTable))} plain rows (all warm-up and measured runs).");
        await output.WriteLineAsync();
        return results.Values.SelectMany(r => r).Max(r => r.OtherLoadPercent);
    }

    private Task<LoadResult> AppendAsync(string[] tenants, TimeSpan window)
    {
        var client = deployment.Cluster.Client;
        return new LoadGenerator(options.Concurrency, recordLatency: true).RunAsync(WarmUp, window,
            i =>
            {
                var grain = client.GetAuditLogGrain(tenants[i % tenants.Length]);
                var entry = new AuditEntry("bench.append", AuditOutcomes.Success, "r" + i.ToString(CultureInfo.InvariantCulture),
                    new Dictionary<string, string> { ["n"] = i.ToString(CultureInfo.InvariantCulture) });
                return () => grain.AppendAsync(entry);
            },
            i => CallerContext.System(tenants[i % tenants.Length], "bench"));
    }

    private async Task<LoadResult> PlainInsertAsync(NpgsqlDataSource dataSource, TimeSpan window)
    {
        var run = ++_plainRun;
        var connections = new List<NpgsqlConnection>(options.Concurrency);
        try
        {
            for (var i = 0; i < options.Concurrency; i++)
            {
                connections.Add(await dataSource.OpenConnectionAsync());
            }

            return await new LoadGenerator(options.Concurrency, recordLatency: true).RunAsync(WarmUp, window,
                i => PlainInserter(connections[i], $"plain-{run}-{i}", i),
                _ => null);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            dataSource.Clear(); // close them: a server with max_connections = 100 must fit both baselines and the silo
        }
    }

    private NpgsqlDataSource PlainDataSource(int autoPrepare)
    {
        var builder = new NpgsqlDataSourceBuilder(deployment.ApplicationConnectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = options.Concurrency + 4;
        builder.ConnectionStringBuilder.MaxAutoPrepare = autoPrepare;
        return builder.Build();
    }

    /// <summary>One worker's INSERT: the same columns and comparable values as an audit event, own connection, autocommit.</summary>
    private static Func<Task> PlainInserter(NpgsqlConnection connection, string tenantId, int worker)
    {
        var command = new NpgsqlCommand(
            $"INSERT INTO {PlainTable} (tenant_id, seq, occurred_at, actor_kind, actor_id, operation, outcome, resource, details, prev_hash, hash) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", connection);
        var sequence = new NpgsqlParameter<long>();
        var occurredAt = new NpgsqlParameter<DateTime>();
        var previous = new NpgsqlParameter<byte[]>();
        var hash = new NpgsqlParameter<byte[]>();
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(sequence);
        command.Parameters.Add(occurredAt);
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)ActorKind.System });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "bench" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "bench.append" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AuditOutcomes.Success });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "r" + worker.ToString(CultureInfo.InvariantCulture) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{{\"n\":\"{worker.ToString(CultureInfo.InvariantCulture)}\"}}" });
        command.Parameters.Add(previous);
        command.Parameters.Add(hash);
        var head = new byte[32];
        return () =>
        {
            sequence.TypedValue++;
            occurredAt.TypedValue = DateTime.UtcNow;
            previous.TypedValue = head;
            hash.TypedValue = head = RandomNumberGenerator.GetBytes(32);
            return command.ExecuteNonQueryAsync();
        };
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(deployment.ApplicationConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
