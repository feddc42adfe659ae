using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Client.Privacy;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Privacy rights at scale on PostgreSQL, through the real grains: (1) erasing one subject with
/// <c>--conversations</c> conversations of ten messages, from <see cref="IPrivacyRequestGrain.StartAsync"/> until the
/// request is completed, a fresh subject each round; (2) offboarding a tenant with ten times as many conversations
/// (the TenantErasure request, no cooling-off) beside a set-based SQL baseline in the same round: the same data shape
/// seeded for another tenant and deleted with plain <c>DELETE … WHERE tenant_id = $1</c> statements in one
/// transaction; (3) writing the export of a completed access request for a subject like (1) to a counting stream.
/// Seeding goes through the channel inbox in parallel and is not timed; every timed run is followed by a
/// completeness check of the rows it had to remove.
/// </summary>
public sealed class PrivacyBenchmark(BenchOptions options, PostgresDeployment deployment)
{
    private const int MessagesPerConversation = 10;
    private const int OffboardScale = 10;
    private const int ConversationsPerCustomer = 10;
    private const int SeedParallelism = 32;
    private const int DefaultRounds = 3;
    private const double ErasureTargetSeconds = 2.0;
    private const double OffboardTargetRatio = 3.0;
    private const double ExportTargetSeconds = 1.0;
    private const string AuditTable = "omniops_audit_events";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private IReadOnlyList<string>? _tenantTables;

    private IClusterClient Client => deployment.Cluster.Client;

    private int Rounds => options.Given.Contains("--rounds") ? options.Rounds : DefaultRounds;

    /// <summary>Whether a part runs: all three unless <c>--only</c> names one.</summary>
    private bool Runs(string part) => options.Only is null || options.Only == part;

    /// <returns>The worst share of the cores other processes took during a measured run.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var erasure = Runs("erasure") ? await EraseSubjectsAsync(output) : 0;
        var offboarding = Runs("offboarding") ? await OffboardTenantsAsync(output) : 0;
        var export = Runs("export") ? await ExportSubjectAsync(output) : 0;
        return Math.Max(Math.Max(erasure, offboarding), export);
    }

    private async Task<double> EraseSubjectsAsync(TextWriter output)
    {
        var conversations = options.Conversations;
        await output.WriteLineAsync($"## privacy: erase one subject with {Format.Count(conversations)} conversations × {MessagesPerConversation} messages ({Rounds} rounds, a fresh subject each)");
        await output.WriteLineAsync();
        var (tenantId, admin) = await CreateTenantAsync("Bench erasure shop");
        var table = new MarkdownTable("round", "seeded (conversations / messages)", "seed s (not timed)", "erasure s (start → completed)", "other load",
            "left after (index / messages / subject key / subject index / customer state)", "complete");
        var seconds = new List<double>();
        var otherLoad = 0.0;
        var allComplete = true;
        for (var round = 1; round <= Rounds; round++)
        {
            var seedClock = Stopwatch.StartNew();
            var subject = "erase-subject-" + round.ToString(CultureInfo.InvariantCulture);
            var shape = Enumerable.Range(0, conversations).Select(i => (subject, $"erase-{round}-{i}")).ToList();
            var ids = await SeedAsync(tenantId, shape, MessagesPerConversation);
            var seedTime = seedClock.Elapsed;
            var customerRef = await CustomerRefAsync(tenantId, ids[0]);
            var before = await SubjectRowsAsync(tenantId, customerRef, ids);
            if (before[0] != conversations || before[1] != conversations * MessagesPerConversation || before[2] != 1)
            {
                throw new InvalidOperationException($"Seeding round {round} left {before[0]} conversations, {before[1]} messages and {before[2]} subject keys, not {conversations}, {conversations * MessagesPerConversation} and 1.");
            }

            Progress.Report($"privacy erasure round {round}: seeded {Format.Count(before[0])} conversations, {Format.Count(before[1])} messages in {Format.Seconds(seedTime)} s");

            var grain = Client.GetPrivacyRequestGrain(tenantId, GrainKeys.NewLocalId('p'));
            var probe = new CpuProbe();
            var clock = Stopwatch.StartNew();
            await CallerContext.RunAsAsync(admin, () => grain.StartAsync(new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Merchant, [customerRef], [])));
            var view = await WaitAsync(admin, grain.GetAsync);
            var elapsed = clock.Elapsed;
            var load = probe.OtherLoadPercent();

            var after = await SubjectRowsAsync(tenantId, customerRef, ids);
            var complete = view.Status == PrivacyRequestStatus.Completed && after.All(n => n == 0);
            allComplete &= complete;
            seconds.Add(elapsed.TotalSeconds);
            otherLoad = Math.Max(otherLoad, double.IsNaN(load) ? 0 : load);
            table.Add(round.ToString(CultureInfo.InvariantCulture), $"{Format.Count(before[0])} / {Format.Count(before[1])}", Format.Seconds(seedTime),
                Seconds(elapsed.TotalSeconds), Format.Load(load), string.Join(" / ", after.Select(Format.Count)),
                complete ? "yes" : $"NO ({view.Status})");
            Progress.Report($"privacy erasure round {round}: {Format.Seconds(elapsed)} s, {view.Status}, complete: {complete}");
        }

        await output.WriteLineAsync(table.ToString());
        var median = Format.Median(seconds);
        var max = seconds.Max();
        await output.WriteLineAsync(new MarkdownTable("measurement", "median s", "max s", $"target ≤ {ErasureTargetSeconds:0} s")
            .Add("erase one subject (IPrivacyRequestGrain.StartAsync → status Completed, polled every 1 ms)",
                Seconds(median), Seconds(max), !allComplete ? "MISSED (incomplete)" : max <= ErasureTargetSeconds ? "met" : median <= ErasureTargetSeconds ? "median met, max missed" : "MISSED")
            .ToString());
        await output.WriteLineAsync("left after: rows of the subject in conversation_index (customer_ref), omniops_messages (its conversations), omniops_subject_keys, " +
            "omniops_subjects, and the customer grain's state row; all must be 0. other load: share of all cores other processes took during the timed run.");
        await output.WriteLineAsync();
        return otherLoad;
    }

    private async Task<double> OffboardTenantsAsync(TextWriter output)
    {
        var conversations = options.Conversations * OffboardScale;
        var customers = Math.Max(1, conversations / ConversationsPerCustomer);
        await output.WriteLineAsync($"## privacy: offboard a tenant with {Format.Count(conversations)} conversations ({Format.Count(customers)} customers, 1 message each) beside a set-based SQL DELETE ({Rounds} rounds after one warm-up round)");
        await output.WriteLineAsync();
        var table = new MarkdownTable("round", "omniops rows before", "baseline rows before", "omniops s (request → completed)", "SQL baseline s (one transaction)",
            "× baseline", "machine CPU ms omniops / baseline", "other load", "omniops rows left", "baseline rows left", "complete");
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
            double omniopsCpu = 0, baselineCpu = 0;
            PrivacyRequestStatus status = default;
            var probe = new CpuProbe();
            for (var side = 0; side < 2; side++)
            {
                var sideProbe = new CpuProbe();
                if ((side + round) % 2 == 1)
                {
                    (omniops, status) = await OffboardAsync(omniopsTenant, requestId, admin);
                    omniopsCpu = sideProbe.MachineMicroseconds / 1000;
                    Progress.Report($"privacy offboarding round {round}: omniops {Format.Seconds(omniops)} s, {status}, machine CPU {omniopsCpu:F0} ms");
                }
                else
                {
                    baseline = await SqlDeleteAsync(baselineTenant);
                    baselineCpu = sideProbe.MachineMicroseconds / 1000;
                    Progress.Report($"privacy offboarding round {round}: SQL baseline {Format.Seconds(baseline)} s, machine CPU {baselineCpu:F0} ms");
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
                Seconds(baseline.TotalSeconds), Format.Ratio(ratio), $"{omniopsCpu:F0} / {baselineCpu:F0}", Format.Load(load), Left(omniopsLeft), Left(baselineLeft), complete ? "yes" : $"NO ({status})");
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
            "machine CPU: every process's and the kernel's CPU time during that side's timed run, both cores (from /proc/stat, 10 ms ticks). " +
            "Before the timed runs of each round the tables are vacuumed and analysed (see SettleAsync). other load: during both timed runs of the round.");
        await output.WriteLineAsync($"Rows of one offboarded tenant before (every round's, omniops side; the baseline tenant's are the same shape): {Left(firstShape!)}.");
        await output.WriteLineAsync();
        return otherLoad;
    }

    private async Task<double> ExportSubjectAsync(TextWriter output)
    {
        var conversations = options.Conversations;
        await output.WriteLineAsync($"## privacy: export of one subject with {Format.Count(conversations)} conversations × {MessagesPerConversation} messages ({Rounds} rounds, the same completed access request)");
        await output.WriteLineAsync();
        var (tenantId, admin) = await CreateTenantAsync("Bench export shop");
        var seedClock = Stopwatch.StartNew();
        var ids = await SeedAsync(tenantId, Enumerable.Range(0, conversations).Select(i => ("export-subject", $"export-{i}")).ToList(), MessagesPerConversation);
        var customerRef = await CustomerRefAsync(tenantId, ids[0]);
        var requestId = GrainKeys.NewLocalId('p');
        var grain = Client.GetPrivacyRequestGrain(tenantId, requestId);
        await CallerContext.RunAsAsync(admin, () => grain.StartAsync(new PrivacyRequestStart(PrivacyRequestKind.Access, PrivacyRequestSource.Merchant, [customerRef], [])));
        var view = await WaitAsync(admin, grain.GetAsync);
        if (view.Status != PrivacyRequestStatus.Completed)
        {
            throw new InvalidOperationException($"The access request ended {view.Status}: {view.Reason}");
        }

        var customerRefs = await CallerContext.RunAsAsync(admin, grain.SubjectsAsync);
        var writer = new SubjectExportWriter(TimeProvider.System);

        // Not timed: the document once, parsed, must hold every conversation and message of the subject.
        using (var document = new MemoryStream())
        {
            await CallerContext.RunAsAsync(admin, async () =>
            {
                await writer.WriteAsync(document, Client, tenantId, requestId, customerRefs, CancellationToken.None);
                return document.Length;
            });
            var exported = JsonDocument.Parse(document.ToArray()).RootElement.GetProperty("customers").EnumerateArray()
                .SelectMany(c => c.GetProperty("conversations").EnumerateArray()).ToList();
            var messages = exported.Sum(c => c.GetProperty("messages").GetArrayLength());
            if (exported.Count != conversations || messages != conversations * MessagesPerConversation)
            {
                throw new InvalidOperationException($"The export holds {exported.Count} conversations and {messages} messages, not {conversations} and {conversations * MessagesPerConversation}.");
            }
        }

        Progress.Report($"privacy export: seeded and checked {Format.Count(conversations)} conversations in {Format.Seconds(seedClock.Elapsed)} s");
        var table = new MarkdownTable("round", "bytes", "export s (WriteAsync to a counting stream)", "MB/s", "other load");
        var seconds = new List<double>();
        var otherLoad = 0.0;
        for (var round = 1; round <= Rounds; round++)
        {
            var stream = new CountingStream();
            var probe = new CpuProbe();
            var clock = Stopwatch.StartNew();
            await CallerContext.RunAsAsync(admin, async () =>
            {
                await writer.WriteAsync(stream, Client, tenantId, requestId, customerRefs, CancellationToken.None);
                return stream.Length;
            });
            var elapsed = clock.Elapsed;
            var load = probe.OtherLoadPercent();
            seconds.Add(elapsed.TotalSeconds);
            otherLoad = Math.Max(otherLoad, double.IsNaN(load) ? 0 : load);
            table.Add(round.ToString(CultureInfo.InvariantCulture), Format.Count(stream.Length), Seconds(elapsed.TotalSeconds),
                (stream.Length / 1e6 / elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture), Format.Load(load));
            Progress.Report($"privacy export round {round}: {Format.Count(stream.Length)} bytes in {Format.Seconds(elapsed)} s");
        }

        await output.WriteLineAsync(table.ToString());
        var (median, max) = (Format.Median(seconds), seconds.Max());
        await output.WriteLineAsync(new MarkdownTable("measurement", "median s", "max s", $"target ≤ {ExportTargetSeconds:0} s")
            .Add("export one subject (SubjectExportWriter.WriteAsync of a completed access request)", Seconds(median), Seconds(max),
                max <= ExportTargetSeconds ? "met" : median <= ExportTargetSeconds ? "median met, max missed" : "MISSED")
            .ToString());
        await output.WriteLineAsync("The document is written as the tenant's admin (the caller GET /v1/privacy/requests/{id}/export runs it under) " +
            "straight from the grains through the cluster client; each write also appends its privacy.export audit event. Checked once before the " +
            "timed rounds (not timed): it parses and holds every conversation and message of the subject.");
        await output.WriteLineAsync();
        return otherLoad;
    }

    /// <summary>The tenant's deletion through its TenantErasure request, as its admin (DELETE /v1/tenant), polled as the operator until it completed.</summary>
    private async Task<(TimeSpan Elapsed, PrivacyRequestStatus Status)> OffboardAsync(string tenantId, string requestId, CallerContext admin)
    {
        var grain = Client.GetPrivacyRequestGrain(tenantId, requestId);
        var clock = Stopwatch.StartNew();
        await CallerContext.RunAsAsync(admin, () => grain.StartAsync(new PrivacyRequestStart(PrivacyRequestKind.TenantErasure, PrivacyRequestSource.Merchant, [], [])));
        var view = await WaitAsync(CallerContext.Operator("bench-operator"), async () => (await grain.GetTenantDeletionAsync()).Request);
        return (clock.Elapsed, view.Status);
    }

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
        await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
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
        await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
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
    private async Task<long[]> SubjectRowsAsync(string tenantId, string customerRef, string[] conversationIds)
    {
        await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM conversation_index WHERE tenant_id = $1 AND customer_ref = $2),
                   (SELECT count(*) FROM omniops_messages WHERE tenant_id = $1 AND conversation_id = ANY($3)),
                   (SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2),
                   (SELECT count(*) FROM omniops_subjects WHERE tenant_id = $1 AND customer_ref = $2),
                   (SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1 || '/' || $2)
            """, connection)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = customerRef }, new() { Value = conversationIds } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64)];
    }

    private async Task<string> CustomerRefAsync(string tenantId, string conversationId)
    {
        await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT customer_ref FROM conversation_index WHERE tenant_id = $1 AND conversation_id = $2", connection)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = conversationId } },
        };
        return (string)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("The seeded conversation is not in conversation_index."));
    }

    /// <summary>Every table with a <c>tenant_id</c> column except the audit log (which outlives the tenant on both sides).</summary>
    private async Task<IReadOnlyList<string>> TenantTablesAsync()
    {
        if (_tenantTables is null)
        {
            var tables = new List<string>();
            await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
                WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'bench\_%'
                ORDER BY c.table_name
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var table = reader.GetString(0);
                if (table != AuditTable)
                {
                    tables.Add(table);
                }
            }

            _tenantTables = tables;
        }

        return _tenantTables;
    }

    /// <summary>Sends each (customer, conversation) pair <paramref name="messages"/> messages through the generic channel's inbox, conversations in parallel; their conversation ids.</summary>
    private async Task<string[]> SeedAsync(string tenantId, IReadOnlyList<(string Customer, string Conversation)> shape, int messages)
    {
        var channel = CallerContext.Channel(tenantId, ChannelNames.Generic);
        var inbox = Client.GetChannelInboxGrain(tenantId, ChannelNames.Generic);
        var ids = new string[shape.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, shape.Count), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (i, _) =>
        {
            var (customer, conversation) = shape[i];
            var contact = new InboundContact(customer, "Bench " + customer, customer + "@example.com");
            for (var m = 0; m < messages; m++)
            {
                var message = new InboundMessage($"{conversation}-m{m.ToString(CultureInfo.InvariantCulture)}", conversation, contact,
                    $"Message {m.ToString(CultureInfo.InvariantCulture)}: where is my parcel? It was due on Tuesday and the tracking page has not moved since.", [], null);
                ids[i] = (await CallerContext.RunAsAsync(channel, () => inbox.ReceiveMessageAsync(message))).ConversationId;
            }
        });
        return ids;
    }

    private async Task<(string TenantId, CallerContext Admin)> CreateTenantAsync(string name)
    {
        var tenantId = GrainKeys.NewTenantId();
        var created = await CallerContext.RunAsAsync(CallerContext.Operator("bench-operator"),
            () => Client.GetTenantGrain(tenantId).CreateAsync(new TenantCreation(name, "eu")));
        return (tenantId, new CallerContext(tenantId, created.AdminKey.KeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin)));
    }

    /// <summary>Polls the request every 1 ms until it is neither received nor in progress.</summary>
    private static async Task<PrivacyRequestView> WaitAsync(CallerContext caller, Func<Task<PrivacyRequestView>> get)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await CallerContext.RunAsAsync(caller, get);
            if (view.Status is not (PrivacyRequestStatus.Received or PrivacyRequestStatus.InProgress))
            {
                return view;
            }

            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"The privacy request {view.RequestId} was still {view.Status} after {Deadline}.");
            }

            await Task.Delay(Poll);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params string[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }

        return command;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, params string[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Prefix(string tenantId) => tenantId.Replace("_", "\\_", StringComparison.Ordinal) + "/%";

    private static string Left(SortedDictionary<string, long> rows) =>
        rows.Values.Sum() == 0 ? "0" : string.Join(", ", rows.Where(r => r.Value > 0).Select(r => $"{r.Key} {Format.Count(r.Value)}"));

    private static string Seconds(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
