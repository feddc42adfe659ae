using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>Part (2): offboarding a tenant beside a set-based SQL DELETE of the same rows.</summary>
public sealed partial class PrivacyBenchmark
{
    private async Task<double> OffboardTenantsAsync(TextWriter output)
    {
        var conversations = options.Conversations * OffboardScale;
        var customers = Math.Max(1, conversations / ConversationsPerCustomer);
        var (warmUps, lastWarmUpJit, settled) = await WarmUpOffboardingAsync();
        await output.WriteLineAsync($"## privacy: offboard a tenant with {Format.Count(conversations)} conversations ({Format.Count(customers)} customers, 1 message each) beside a set-based SQL DELETE ({Rounds} rounds after small warm-up offboardings and one warm-up round)");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Warm-up first: small offboardings ({WarmUpConversations} conversations each, one page per step, each beside its SQL delete) until {QuietWarmUps} in a row " +
            $"compile at most {QuietJitMethods} methods while they run (at least {MinWarmUps}, at most {MaxWarmUps}): {warmUps} ran{(settled ? string.Empty : " — NOT REACHED")}; the last compiled {lastWarmUpJit}. " +
            "Tiered compilation recompiles a method only after 30 calls, and then again, so paths that run a few times per offboarding keep the JIT busy " +
            "through a process's first dozens of offboardings; a long-running silo is past that. What the timed runs still compile (paths of more than one " +
            "page, tier-ups that the big seeding queued) is in the JIT column; before each timed run the harness waits until the JIT has been idle for 250 ms.");
        await output.WriteLineAsync();
        var table = new MarkdownTable("round", "omniops rows before", "baseline rows before", "omniops s (request → completed)", "SQL baseline s (one transaction)",
            "× baseline", "machine CPU ms omniops / baseline (this process)", "JIT methods omniops / baseline", "other load", "omniops rows left", "baseline rows left", "complete");
        var (omniopsSeconds, baselineSeconds, ratios) = (new List<double>(), new List<double>(), new List<double>());
        var otherLoad = 0.0;
        var allComplete = true;
        SortedDictionary<string, long>? firstShape = null;
        // Round 0 warms up (the first offboarding of a process JIT-compiles its paths and opens and prepares on fresh
        // connections, on both sides); it is run like the others and left out of the figures.
        for (var round = 0; round <= Rounds; round++)
        {
            var seedClock = Stopwatch.StartNew();
            var (omniopsTenant, admin) = await CreateTenantAsync("Bench offboarded shop " + round.ToString(CultureInfo.InvariantCulture));
            var (baselineTenant, _) = await CreateTenantAsync("Bench baseline shop " + round.ToString(CultureInfo.InvariantCulture));
            var shape = Enumerable.Range(0, conversations).Select(i => ($"offboard-customer-{i % customers}", $"offboard-{i}")).ToList();
            await SeedAsync(omniopsTenant, shape, 1);
            await SeedAsync(baselineTenant, shape, 1);
            await SettleAsync();
            var requestId = TenantErasureRequest.IdOf(omniopsTenant);
            var ownKey = GrainKeys.Scoped(omniopsTenant, requestId);
            var omniopsRows = await TenantRowsAsync(omniopsTenant, ownKey);
            var baselineRows = await TenantRowsAsync(baselineTenant, ownKey);
            var (omniopsBefore, baselineBefore) = (omniopsRows.Values.Sum(), baselineRows.Values.Sum());
            firstShape ??= omniopsRows;
            Progress.Report($"privacy offboarding round {round}: seeded {Format.Count(omniopsBefore)} and {Format.Count(baselineBefore)} rows in {Format.Seconds(seedClock.Elapsed)} s");

            // Alternate which side goes first, so neither always runs on the warmer (or more bloated) database.
            TimeSpan omniops = default, baseline = default;
            double omniopsCpu = 0, baselineCpu = 0, omniopsOwn = 0, baselineOwn = 0;
            long omniopsJit = 0, baselineJit = 0;
            PrivacyRequestStatus status = default;
            var probe = new CpuProbe();
            for (var side = 0; side < 2; side++)
            {
                await JitProbe.WaitQuietAsync(JitQuiet, JitQuietLimit);
                var sideProbe = new CpuProbe();
                var sideJit = JitProbe.Start();
                if ((side + round) % 2 == 1)
                {
                    (omniops, status) = await OffboardAsync(omniopsTenant, requestId, admin);
                    (omniopsCpu, omniopsOwn, omniopsJit) = (sideProbe.MachineMicroseconds / 1000, sideProbe.OwnMilliseconds, sideJit.MethodsSince);
                    Progress.Report($"privacy offboarding round {round}: omniops {Format.Seconds(omniops)} s, {status}, machine CPU {omniopsCpu:F0} ms ({omniopsOwn:F0} ms this process)");
                }
                else
                {
                    baseline = await SqlDeleteAsync(baselineTenant);
                    (baselineCpu, baselineOwn, baselineJit) = (sideProbe.MachineMicroseconds / 1000, sideProbe.OwnMilliseconds, sideJit.MethodsSince);
                    Progress.Report($"privacy offboarding round {round}: SQL baseline {Format.Seconds(baseline)} s, machine CPU {baselineCpu:F0} ms ({baselineOwn:F0} ms this process)");
                }
            }

            var load = probe.OtherLoadPercent();
            var omniopsLeft = await TenantRowsAsync(omniopsTenant, ownKey);
            var baselineLeft = await TenantRowsAsync(baselineTenant, ownKey);
            var complete = status == PrivacyRequestStatus.Completed && omniopsLeft.Values.Sum() == 0 && baselineLeft.Values.Sum() == 0;
            allComplete &= complete;
            var ratio = omniops.TotalSeconds / baseline.TotalSeconds;
            if (round == 0)
            {
                Progress.Report($"privacy offboarding warm-up: omniops {Format.Seconds(omniops)} s, SQL baseline {Format.Seconds(baseline)} s ({Format.Ratio(ratio)}, not counted), complete: {complete}");
                continue;
            }

            omniopsSeconds.Add(omniops.TotalSeconds);
            baselineSeconds.Add(baseline.TotalSeconds);
            ratios.Add(ratio);
            otherLoad = Math.Max(otherLoad, double.IsNaN(load) ? 0 : load);
            table.Add(round.ToString(CultureInfo.InvariantCulture), Format.Count(omniopsBefore), Format.Count(baselineBefore), Seconds(omniops.TotalSeconds),
                Seconds(baseline.TotalSeconds), Format.Ratio(ratio), $"{omniopsCpu:F0} ({omniopsOwn:F0}) / {baselineCpu:F0} ({baselineOwn:F0})", $"{omniopsJit} / {baselineJit}", Format.Load(load), Left(omniopsLeft), Left(baselineLeft), complete ? "yes" : $"NO ({status})");
        }

        await output.WriteLineAsync(table.ToString());
        var medianRatio = Format.Median(omniopsSeconds) / Format.Median(baselineSeconds);
        await output.WriteLineAsync(new MarkdownTable("measurement", "omniops median s", "omniops max s", "SQL baseline median s", "× baseline (medians)", "× baseline (worst round)", $"target ≤ {OffboardTargetRatio:0}× baseline")
            .Add("offboard a tenant (TenantErasure request → Completed, polled every 1 ms)", Seconds(Format.Median(omniopsSeconds)), Seconds(omniopsSeconds.Max()),
                Seconds(Format.Median(baselineSeconds)), Format.Ratio(medianRatio), Format.Ratio(ratios.Max()),
                !allComplete ? "MISSED (incomplete)" : medianRatio <= OffboardTargetRatio ? "met" : "MISSED")
            .ToString());
        await output.WriteLineAsync("rows: every row of the tenant in each table with a tenant_id column except omniops_audit_events (kept on both sides: the audit " +
            "trail outlives the tenant), Orleans state rows and tombstones under `{tenant}/` or keyed by the tenant id (except the audit log grain's), and the " +
            "reminders of the tenant's grains; the offboarding request's own state row (its signed receipt) is not counted. rows left must be 0 on both sides. " +
            "machine CPU: every process's and the kernel's CPU time during that side's timed run, both cores (from /proc/stat, 10 ms ticks); in brackets the share of this process (the silo, the client and the harness; the rest is mostly PostgreSQL). " +
            "JIT methods: methods this process compiled during that side's timed run (tier-ups included), after the warm-up and the wait for an idle JIT. " +
            "Before the timed runs of each round the tables are vacuumed and analysed (see SettleAsync). other load: during both timed runs of the round.");
        await output.WriteLineAsync($"Rows of one offboarded tenant before (every round's, omniops side; the baseline tenant's are the same shape): {Left(firstShape!)}.");
        await output.WriteLineAsync();
        return otherLoad;
    }

    /// <summary>
    /// Small offboardings, each beside its SQL delete, until the JIT has settled (<see cref="QuietWarmUps"/> in a row
    /// compile at most <see cref="QuietJitMethods"/> methods), as the AI-draft benchmark warms up: the steady state of
    /// a long-running silo, not the first minutes of a process.
    /// </summary>
    private async Task<(int WarmUps, long LastJit, bool Settled)> WarmUpOffboardingAsync()
    {
        var (warmUps, quiet, lastJit) = (0, 0, 0L);
        var customers = Math.Max(1, WarmUpConversations / ConversationsPerCustomer);
        var shape = Enumerable.Range(0, WarmUpConversations).Select(i => ($"warm-customer-{i % customers}", $"warm-{i}")).ToList();
        while (warmUps < MaxWarmUps && (warmUps < MinWarmUps || quiet < QuietWarmUps))
        {
            var (omniopsTenant, admin) = await CreateTenantAsync("Bench warm-up shop " + warmUps.ToString(CultureInfo.InvariantCulture));
            var (baselineTenant, _) = await CreateTenantAsync("Bench warm-up baseline " + warmUps.ToString(CultureInfo.InvariantCulture));
            await SeedAsync(omniopsTenant, shape, 1);
            await SeedAsync(baselineTenant, shape, 1);
            await JitProbe.WaitQuietAsync(JitQuiet, JitQuietLimit);
            var jit = JitProbe.Start();
            var (_, status) = await OffboardAsync(omniopsTenant, TenantErasureRequest.IdOf(omniopsTenant), admin);
            await SqlDeleteAsync(baselineTenant);
            lastJit = jit.MethodsSince;
            if (status != PrivacyRequestStatus.Completed)
            {
                throw new InvalidOperationException($"A warm-up offboarding ended {status}.");
            }

            warmUps++;
            quiet = lastJit <= QuietJitMethods ? quiet + 1 : 0;
            Progress.Report($"privacy offboarding warm-up {warmUps}: compiled {lastJit} methods");
        }

        return (warmUps, lastJit, quiet >= QuietWarmUps);
    }

    private async Task<(TimeSpan Elapsed, PrivacyRequestStatus Status)> OffboardAsync(string tenantId, string requestId, CallerContext admin)
    {
        var grain = Client.GetPrivacyRequestGrain(tenantId, requestId);
        var clock = Stopwatch.StartNew();
        await CallerContext.RunAsAsync(admin, () => grain.StartAsync(new PrivacyRequestStart(PrivacyRequestKind.TenantErasure, PrivacyRequestSource.Merchant, [], [])));
        var view = await WaitAsync(CallerContext.Operator("bench-operator"), async () => (await grain.GetTenantDeletionAsync()).Request);
        return (clock.Elapsed, view.Status);
    }

    /// <summary>
    /// The harness's own statements on the database (vacuuming, counting rows): a pool of their own, apart from the
    /// baseline's. Counting a tenant's rows in every table touches exactly the tables the baseline then deletes from;
    /// on the baseline's own connection it rebuilt that server process's cached relations (invalidated by the round's
    /// VACUUM ANALYZE) just before the baseline was timed, a warm-up the omniops side's connections never had.
    /// </summary>
    private string InspectionConnectionString => deployment.SuperuserConnectionString + ";Application Name=omniops-bench-inspection";

    /// <summary>The baseline: one transaction of set-based DELETEs over the same rows, as the superuser (past row-level security), in one round trip.</summary>
    private async Task<TimeSpan> SqlDeleteAsync(string tenantId)
    {
        var tables = await TenantTablesAsync();
        await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var table in tables)
        {
            batch.BatchCommands.Add(Command($"DELETE FROM {table} WHERE tenant_id = $1", tenantId));
        }

        foreach (var table in (string[])["orleansstorage", "orleansstoragetombstone"])
        {
            batch.BatchCommands.Add(Command($"DELETE FROM {table} WHERE grainidextensionstring LIKE $2 OR (grainidextensionstring = $1 AND graintypestring NOT ILIKE '%audit%')",
                tenantId, Prefix(tenantId)));
        }

        batch.BatchCommands.Add(Command("DELETE FROM orleansreminderstable WHERE split_part(grainid, '/', 2) = $1", tenantId));
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return clock.Elapsed;
    }

    /// <summary>
    /// After seeding, before either side is timed: the tables vacuumed and analysed, as a production database's are by
    /// autovacuum long before a tenant leaves. Otherwise autovacuum, woken by the 50,000 rows just written, starts at a
    /// random moment inside one side's timed run or the other's (a core of two), and the planner plans both sides with
    /// statistics that have never seen these tenants.
    /// </summary>
    private async Task SettleAsync()
    {
        // And this process's heap collected (the seeding's garbage), as benchmark harnesses do between iterations, so
        // a collection of it does not land in one side's timed run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await using var connection = new NpgsqlConnection(InspectionConnectionString);
        await connection.OpenAsync();
        foreach (var table in (await TenantTablesAsync()).Concat([AuditTable, "orleansstorage", "orleansstoragetombstone", "orleansreminderstable"]))
        {
            await using var command = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Rows of the tenant that an offboarding must remove, by table (see the note under the table).</summary>
    private async Task<SortedDictionary<string, long>> TenantRowsAsync(string tenantId, string ownKey)
    {
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(InspectionConnectionString);
        await connection.OpenAsync();
        foreach (var table in await TenantTablesAsync())
        {
            rows[table] = await ScalarAsync(connection, $"SELECT count(*) FROM {table} WHERE tenant_id = $1", tenantId);
        }

        foreach (var table in (string[])["orleansstorage", "orleansstoragetombstone"])
        {
            rows[table] = await ScalarAsync(connection, $"""
                SELECT count(*) FROM {table} WHERE (grainidextensionstring LIKE $2 AND grainidextensionstring <> $3)
                OR (grainidextensionstring = $1 AND graintypestring NOT ILIKE '%audit%')
                """, tenantId, Prefix(tenantId), ownKey);
        }

        rows["orleansreminderstable"] = await ScalarAsync(connection, "SELECT count(*) FROM orleansreminderstable WHERE split_part(grainid, '/', 2) = $1", tenantId);
        return rows;
    }

    /// <summary>[conversations, messages, subject keys, subject index rows, customer state rows] of one subject.</summary>
}
