using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Audit;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Audit verification speed: a chain of <c>--events</c> events for one tenant is sealed in C# with
/// <see cref="AuditChain.Seal"/> and bulk-loaded with COPY BINARY (the chain trigger checks every row), then
/// <see cref="IAuditLogGrain.VerifyAsync"/> is timed end to end from the cluster client. Three reference lines split
/// the time: the grain's read + hash loop run in the bench process, the store's read path alone
/// (<see cref="PostgresAuditStore.ReadAllAsync"/>, no hashing, no grain) and the pure in-memory hash recomputation.
/// </summary>
public sealed class VerifyBenchmark(BenchOptions options, PostgresDeployment deployment)
{
    private const double TargetPerSecond = 200_000;
    private const int Runs = 3;
    private const string Columns = "tenant_id, seq, occurred_at, actor_kind, actor_id, operation, outcome, resource, details, prev_hash, hash";

    /// <returns>The share of the cores other processes took during the benchmark.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"## verify: audit chain verification ({Format.Count(options.Events)} events, one tenant, {Runs} runs each)");
        await output.WriteLineAsync();
        var probe = new CpuProbe();
        var tenantId = GrainKeys.NewTenantId();
        // Sensitive values are keyed (their HMAC lands in Details, which is chained as stored text): verification never
        // needs that key, so any 32 bytes give events that verify exactly like the grain's own.
        var hmacKey = RandomNumberGenerator.GetBytes(32);
        // The chain itself is keyed: the silo's own key derivation gives the tenant's chain key (and creates its keys).
        var chainKey = await deployment.Cluster.Silos[0].SiloHost.Services.GetRequiredService<AuditKeys>().ChainKeyAsync(tenantId);

        var clock = Stopwatch.StartNew();
        var events = Seal(tenantId, hmacKey, chainKey, options.Events);
        var sealing = clock.Elapsed;
        clock.Restart();
        await CopyAsync(events);
        var copying = clock.Elapsed;

        var admin = new CallerContext(tenantId, "bench-admin", ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        var grain = deployment.Cluster.Client.GetAuditLogGrain(tenantId);
        var verify = await TimeAsync(async () =>
        {
            var result = await CallerContext.RunAsAsync(admin, grain.VerifyAsync);
            return result.Valid && result.Events == events.Length
                ? result.Events
                : throw new InvalidOperationException($"Verification failed: {result}");
        });

        await using var dataSource = NpgsqlDataSource.Create(deployment.ApplicationConnectionString);
        await using var store = new PostgresAuditStore(dataSource, NullLogger<PostgresAuditStore>.Instance);
        var read = await TimeAsync(async () =>
        {
            long count = 0;
            await foreach (var _ in store.ReadAllAsync(tenantId))
            {
                count++;
            }

            return count;
        });

        var readAndHash = await TimeAsync(async () =>
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            var previous = AuditChain.Genesis;
            long count = 0;
            await foreach (var e in store.ReadAllAsync(tenantId))
            {
                Check(e, chainKey, previous, buffer);
                previous = e.Hash;
                count++;
            }

            return count;
        });

        var recompute = await TimeAsync(() => Task.FromResult(Recompute(events, chainKey)));

        var table = new MarkdownTable(["measurement", .. Enumerable.Range(1, Runs).Select(r => $"run {r} s"), "median events/s", "allocated B/event", $"target ≥ {Format.Rate(TargetPerSecond)}/s"]);
        foreach (var (name, runs, target) in new[]
                 {
                     ("IAuditLogGrain.VerifyAsync, end to end (client → grain → PostgreSQL)", verify, true),
                     ("reference: the same read + hash loop in the bench process (no grain, no client)", readAndHash, false),
                     ("reference: PostgresAuditStore.ReadAllAsync only (no hashing, no grain)", read, false),
                     ("reference: in-memory hash recomputation (AuditChain.ComputeHash)", recompute, false),
                 })
        {
            var median = Format.Median(runs.Select(r => events.Length / r.Elapsed.TotalSeconds));
            table.Add([name, .. runs.Select(r => Format.Seconds(r.Elapsed)), Format.Rate(median),
                Format.Count(runs.Min(r => r.AllocatedBytes) / events.Length),
                target ? (median >= TargetPerSecond ? "met" : "MISSED") : "–"]);
        }

        await output.WriteLineAsync(table.ToString());
        await output.WriteLineAsync($"Setup (not part of the target): sealing {Format.Count(events.Length)} events in C# took {Format.Seconds(sealing)} s " +
            $"({Format.Rate(events.Length / sealing.TotalSeconds)} events/s); COPY BINARY through the chain trigger took {Format.Seconds(copying)} s " +
            $"({Format.Rate(events.Length / copying.TotalSeconds)} events/s).");
        await output.WriteLineAsync("allocated B/event: bytes allocated by the whole process (client, silo and Npgsql share it) during the run, lowest run.");
        var otherLoad = probe.OtherLoadPercent();
        await output.WriteLineAsync($"Other load (other user processes, neither this one nor PostgreSQL) during this benchmark: {Format.Load(otherLoad)} of all cores.");
        await output.WriteLineAsync();
        return otherLoad;
    }

    /// <summary>A realistic mix: plain details, HMAC'd sensitive values, redacted previews, several actors.</summary>
    private static AuditEvent[] Seal(string tenantId, byte[] hmacKey, byte[] chainKey, int count)
    {
        CallerContext[] callers =
        [
            CallerContext.System(tenantId, "bench"),
            new(tenantId, "kbenchadmin", ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin)),
            new(tenantId, "kbenchagent", ActorKind.Agent, Roles.ScopesOf(Roles.Agent)),
        ];
        AuditEntry[] entries =
        [
            new("conversation.reply", AuditOutcomes.Success, "c7x2k", new Dictionary<string, string> { ["channel"] = "web" }),
            new("tenant.settings.update", AuditOutcomes.Success, tenantId, new Dictionary<string, string> { ["changed"] = "ai.enabled,retention.orders" }),
            new("auth.sign-in", AuditOutcomes.Success, "kbenchagent"),
            new("order.lookup", AuditOutcomes.Success, "o1234", Sensitive: new Dictionary<string, string> { ["email"] = "customer@example.com" },
                Previews: new Dictionary<string, string> { ["message"] = "Where is my order? Please call me back on +44 20 7946 0958." }),
        ];

        var events = new AuditEvent[count];
        var previous = AuditChain.Genesis;
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < count; i++)
        {
            events[i] = AuditChain.Seal(tenantId, i + 1, start.AddTicks(i * 3_000L), callers[i % callers.Length], entries[i % entries.Length], previous, hmacKey, chainKey);
            previous = events[i].Hash;
        }

        return events;
    }

    private async Task CopyAsync(AuditEvent[] events)
    {
        await using var connection = new NpgsqlConnection(deployment.ApplicationConnectionString);
        await connection.OpenAsync();
        await using var importer = await connection.BeginBinaryImportAsync($"COPY omniops_audit_events ({Columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var e in events)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(e.TenantId, NpgsqlDbType.Text);
            await importer.WriteAsync(e.Sequence, NpgsqlDbType.Bigint);
            await importer.WriteAsync(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync((short)e.ActorKind, NpgsqlDbType.Smallint);
            await importer.WriteAsync(e.ActorId, NpgsqlDbType.Text);
            await importer.WriteAsync(e.Operation, NpgsqlDbType.Text);
            await importer.WriteAsync(e.Outcome, NpgsqlDbType.Text);
            if (e.Resource is null)
            {
                await importer.WriteNullAsync();
            }
            else
            {
                await importer.WriteAsync(e.Resource, NpgsqlDbType.Text);
            }

            await importer.WriteAsync(e.Details, NpgsqlDbType.Text);
            await importer.WriteAsync(e.PreviousHash, NpgsqlDbType.Bytea);
            await importer.WriteAsync(e.Hash, NpgsqlDbType.Bytea);
        }

        await importer.CompleteAsync();
    }

    /// <summary>What <c>AuditLogGrain.VerifyAsync</c> computes per event, over events already in memory.</summary>
    private static long Recompute(AuditEvent[] events, byte[] chainKey)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var previous = AuditChain.Genesis;
        foreach (var e in events)
        {
            Check(e, chainKey, previous, buffer);
            previous = e.Hash;
        }

        return events.Length;
    }

    private static void Check(AuditEvent e, byte[] chainKey, byte[] previous, ArrayBufferWriter<byte> buffer)
    {
        if (!e.PreviousHash.AsSpan().SequenceEqual(previous) || !AuditChain.ComputeHash(e, chainKey, buffer).AsSpan().SequenceEqual(e.Hash))
        {
            throw new InvalidOperationException($"Event {e.Sequence} does not verify.");
        }
    }

    private static async Task<List<TimedRun>> TimeAsync(Func<Task<long>> run)
    {
        var runs = new List<TimedRun>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await run();
            runs.Add(new TimedRun(clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated));
        }

        return runs;
    }
}
