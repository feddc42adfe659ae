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
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private int _plainRun;

    public async Task RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"## audit: append throughput on PostgreSQL ({options.Concurrency} concurrent writers, {options.Rounds} rounds × {options.Seconds} s per case)");
        await output.WriteLineAsync();
        await using (var connection = new NpgsqlConnection(deployment.ApplicationConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {PlainTable} (LIKE omniops_audit_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var plainSource = new NpgsqlDataSourceBuilder(deployment.ApplicationConnectionString);
        plainSource.ConnectionStringBuilder.MaxPoolSize = options.Concurrency + 4;
        await using var dataSource = plainSource.Build();

        var spread = Enumerable.Range(0, 16).Select(_ => GrainKeys.NewTenantId()).ToArray();
        string[] single = [GrainKeys.NewTenantId()];
        var cases = new (string Name, Func<Task<LoadResult>> Run, bool IsAudit)[]
        {
            ("plain INSERT, autocommit, 1 row each (baseline)", () => PlainInsertAsync(dataSource), false),
            ($"IAuditLogGrain.AppendAsync, {spread.Length} tenants", () => AppendAsync(spread), true),
            ("IAuditLogGrain.AppendAsync, 1 tenant", () => AppendAsync(single), true),
        };

        var results = cases.ToDictionary(c => c.Name, _ => new List<LoadResult>());
        foreach (var c in cases)
        {
            await c.Run(); // warm-up: JIT, connection pools, grain activations; discarded
        }

        for (var round = 0; round < options.Rounds; round++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var c = cases[(k + round) % cases.Length];
                results[c.Name].Add(await c.Run());
            }
        }

        var table = new MarkdownTable(["case", .. Enumerable.Range(1, options.Rounds).Select(r => $"round {r} events/s"), "median events/s", "p50 ms", "p99 ms", "× plain INSERT", $"target ≥ {TargetRatio:0.0}×"]);
        var baseline = Format.Median(results[cases[0].Name].Select(r => r.PerSecond));
        foreach (var c in cases)
        {
            var runs = results[c.Name];
            var median = Format.Median(runs.Select(r => r.PerSecond));
            var typical = runs.OrderBy(r => Math.Abs(r.PerSecond - median)).First();
            var ratio = median / baseline;
            table.Add([c.Name, .. runs.Select(r => Format.Rate(r.PerSecond)), Format.Rate(median),
                Format.Milliseconds(typical.P50Milliseconds), Format.Milliseconds(typical.P99Milliseconds),
                Format.Ratio(ratio), c.IsAudit ? (ratio >= TargetRatio ? "met" : "MISSED") : "–"]);
        }

        await output.WriteLineAsync(table.ToString());
        await output.WriteLineAsync("p50/p99: latency of one append/INSERT in the run closest to the median.");
        await output.WriteLineAsync($"Stored: {Format.Count(await CountAsync("omniops_audit_events"))} audit events, {Format.Count(await CountAsync(PlainTable))} plain rows (all warm-up and measured runs).");
        await output.WriteLineAsync();
    }

    private Task<LoadResult> AppendAsync(string[] tenants)
    {
        var client = deployment.Cluster.Client;
        return new LoadGenerator(options.Concurrency, recordLatency: true).RunAsync(WarmUp, options.Window,
            i =>
            {
                var grain = client.GetAuditLogGrain(tenants[i % tenants.Length]);
                var entry = new AuditEntry("bench.append", AuditOutcomes.Success, "r" + i.ToString(CultureInfo.InvariantCulture),
                    new Dictionary<string, string> { ["n"] = i.ToString(CultureInfo.InvariantCulture) });
                return () => grain.AppendAsync(entry);
            },
            i => CallerContext.System(tenants[i % tenants.Length], "bench"));
    }

    private async Task<LoadResult> PlainInsertAsync(NpgsqlDataSource dataSource)
    {
        var run = ++_plainRun;
        var connections = new List<NpgsqlConnection>(options.Concurrency);
        try
        {
            for (var i = 0; i < options.Concurrency; i++)
            {
                connections.Add(await dataSource.OpenConnectionAsync());
            }

            return await new LoadGenerator(options.Concurrency, recordLatency: true).RunAsync(WarmUp, options.Window,
                i => PlainInserter(connections[i], $"plain-{run}-{i}", i),
                _ => null);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
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
