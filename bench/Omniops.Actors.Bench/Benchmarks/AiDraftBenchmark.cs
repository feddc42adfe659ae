using System.Diagnostics;
using System.Globalization;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Tests.Ai;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// What minimisation, audit and tools add to one AI draft, the model's own time excluded. The production silo on
/// PostgreSQL (one in-process silo, <c>Omniops:Ai</c> pointing at the tests' <see cref="FakeOpenAi"/> on loopback) holds
/// a tenant with AI enabled and the provider's region allowed, and one customer conversation (contact record, three
/// orders, four customer messages full of personal values). The fake answers at once: first a call of
/// <c>order_status</c> for <c>[ORDER_1]</c>, then text with <c>[CUSTOMER_1]</c> — two provider requests per draft, and it
/// keeps its own time per request (handler start to completed response). Drafts run one after another as the agent
/// (<see cref="IConversationGrain.DraftAsync"/> through the cluster client, which is what <c>POST .../ai-drafts</c>
/// calls), each followed by a <see cref="PlainDraftBaseline"/> draft of the same messages through the same connector;
/// both are timed end to end minus the time inside the fake, and what the draft adds is the difference at the same
/// percentile.
/// </summary>
public sealed class AiDraftBenchmark(BenchOptions options, PostgresServer server)
{
    private const string Region = "eu-west";
    private const int DraftsPerRound = 100;
    private const int MinWarmUpDrafts = 1_000;
    private const int MaxWarmUpDrafts = 20_000;
    private const int QuietJitMethods = 50;
    private const int QuietWarmUpRounds = 3;
    private const int DefaultRounds = 10;
    private const double TargetP99Milliseconds = 5;

    private int Rounds => options.Given.Contains("--rounds") ? options.Rounds : DefaultRounds;

    /// <returns>The worst share of the cores other processes took during a measured round.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        await using var provider = new FakeOpenAi { KeepRequests = false };
        await provider.StartAsync();
        await using var deployment = await PostgresDeployment.StartAsync(server, new Dictionary<string, string?>
        {
            ["Omniops:Ai:Endpoint"] = provider.BaseAddress.ToString(),
            ["Omniops:Ai:Model"] = FakeOpenAi.Model,
            ["Omniops:Ai:Region"] = Region,
            ["Omniops:Ai:ApiKey"] = "sk-bench-fake",
            ["Omniops:Ai:RetentionDays"] = "30",
        });
        var client = deployment.Cluster.Client;
        var (agent, conversation, messages) = await SeedAsync(client);
        await using var plain = await PlainDraftBaseline.CreateAsync(deployment, provider.BaseAddress, messages);
        // The steady state of a long-running silo: warm-up rounds (the same pairs) until tiered compilation has
        // settled, i.e. QuietWarmUpRounds rounds of 100 pairs in a row compiled no more than QuietJitMethods methods
        // each (at least MinWarmUpDrafts, at most MaxWarmUpDrafts). Until then the JIT recompiles the hot paths in
        // bursts on the same two cores, and a round measures the JIT more than the draft.
        var (warmUp, lastWarmUpJit, quietRounds) = (0, 0L, 0);
        var warmUpClock = Stopwatch.StartNew();
        // One round of pairs whose times are not kept (the warm-up, and the round that counts database round trips).
        async Task UntimedRoundAsync()
        {
            for (var i = 0; i < DraftsPerRound; i++)
            {
                await DraftAsync(agent, conversation, provider);
                await PlainDraftAsync(plain, provider);
            }
        }

        while (warmUp < MaxWarmUpDrafts && (warmUp < MinWarmUpDrafts || quietRounds < QuietWarmUpRounds))
        {
            var jit = JitProbe.Start();
            await UntimedRoundAsync();
            (warmUp, lastWarmUpJit) = (warmUp + DraftsPerRound, jit.MethodsSince);
            quietRounds = lastWarmUpJit <= QuietJitMethods ? quietRounds + 1 : 0;
            Progress.Report($"ai-draft warm-up: {warmUp} drafts, the last 100 compiled {lastWarmUpJit} methods ({jit.MillisecondsSince:F0} ms of JIT)");
        }

        await output.WriteLineAsync($"## ai-draft: added latency of one draft, model time excluded ({Rounds} rounds × {DraftsPerRound} drafts after {Format.Count(warmUp)} warm-up drafts in {warmUpClock.Elapsed.TotalSeconds:F0} s, one at a time, each followed by a plain draft)");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Warm-up: until {QuietWarmUpRounds} rounds of 100 pairs in a row compile at most {QuietJitMethods} methods each (at least {Format.Count(MinWarmUpDrafts)}, " +
            $"at most {Format.Count(MaxWarmUpDrafts)} drafts){(quietRounds < QuietWarmUpRounds ? " — NOT REACHED" : string.Empty)}; the last warm-up round compiled {lastWarmUpJit}.");
        await output.WriteLineAsync();

        var requestsBefore = provider.RequestCount;
        var table = new MarkdownTable("round", "drafts", "draft p50 ms", "draft p99 ms", "plain p50 ms", "plain p99 ms", "added p50 ms", "added p99 ms",
            "in fake p50 ms (draft)", "process CPU per draft and plain draft ms", "allocated per draft and plain draft KB", "GCs gen0/1/2", "GC pauses ms", "drafts that met a GC",
            "JIT methods (ms)", "other load");
        var (ours, baseline, inFake) = (new List<double>(), new List<double>(), new List<double>());
        var otherLoad = 0.0;
        var cpuTotal = TimeSpan.Zero;
        var plainRequests = 0L;
        for (var round = 1; round <= Rounds; round++)
        {
            var (roundOurs, roundPlain, roundFake) = (new List<double>(), new List<double>(), new List<double>());
            var probe = new CpuProbe();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var paused = GC.GetTotalPauseDuration();
            var roundJit = JitProbe.Start();
            var metGc = 0;
            for (var i = 0; i < DraftsPerRound; i++)
            {
                var gcsBefore = GC.CollectionCount(0);
                var (total, fake) = await DraftAsync(agent, conversation, provider);
                metGc += GC.CollectionCount(0) > gcsBefore ? 1 : 0;
                roundOurs.Add((total - fake).TotalMilliseconds);
                roundFake.Add(fake.TotalMilliseconds);
                var plainRequestsBefore = provider.RequestCount;
                var (plainTotal, plainFake) = await PlainDraftAsync(plain, provider);
                plainRequests += provider.RequestCount - plainRequestsBefore;
                roundPlain.Add((plainTotal - plainFake).TotalMilliseconds);
            }

            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var allocatedKb = (GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1024.0 / DraftsPerRound;
            var gcs = $"{GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}";
            cpuTotal += cpuUsed;
            var load = probe.OtherLoadPercent();
            otherLoad = Math.Max(otherLoad, double.IsNaN(load) ? 0 : load);
            var (p50, p99, plain50, plain99) = (Percentile(roundOurs, 50), Percentile(roundOurs, 99), Percentile(roundPlain, 50), Percentile(roundPlain, 99));
            table.Add(round.ToString(CultureInfo.InvariantCulture), DraftsPerRound.ToString(CultureInfo.InvariantCulture),
                Format.Milliseconds(p50), Format.Milliseconds(p99), Format.Milliseconds(plain50), Format.Milliseconds(plain99),
                Format.Milliseconds(p50 - plain50), Format.Milliseconds(p99 - plain99), Format.Milliseconds(Percentile(roundFake, 50)),
                Format.Milliseconds(cpuUsed.TotalMilliseconds / DraftsPerRound), allocatedKb.ToString("F0", CultureInfo.InvariantCulture), gcs,
                Format.Milliseconds((GC.GetTotalPauseDuration() - paused).TotalMilliseconds), metGc.ToString(CultureInfo.InvariantCulture),
                $"{roundJit.MethodsSince} ({roundJit.MillisecondsSince:F0})", Format.Load(load));
            Progress.Report($"ai-draft round {round}: draft p50 {Format.Milliseconds(p50)} / p99 {Format.Milliseconds(p99)} ms, plain p50 {Format.Milliseconds(plain50)} / p99 {Format.Milliseconds(plain99)} ms (model time excluded)");
            ours.AddRange(roundOurs);
            baseline.AddRange(roundPlain);
            inFake.AddRange(roundFake);
        }

        // Two provider requests per draft and one per plain draft; the plain draft's SELECT is not the pipeline's.
        var requests = provider.RequestCount - requestsBefore - plainRequests;
        // Round trips are counted in one more round, after the timed ones and untimed: the counter traces every
        // command (an Activity with its tags, the statement's text split into words), work the timed rounds would
        // otherwise carry on the draft's path, twice per draft against once per plain draft.
        IReadOnlyList<(string Statement, int Count)> roundTrips;
        using (var commands = new DatabaseCommandCounter())
        {
            await UntimedRoundAsync();
            roundTrips = commands.ByStatement();
        }

        var plainRoundTrips = roundTrips.Where(r => r.Statement.Contains(PlainDraftBaseline.Table, StringComparison.Ordinal)).Sum(r => r.Count);
        var roundTripsPerDraft = (double)(roundTrips.Sum(r => r.Count) - plainRoundTrips) / DraftsPerRound;
        await output.WriteLineAsync(table.ToString());
        var (all50, all99, allPlain50, allPlain99) = (Percentile(ours, 50), Percentile(ours, 99), Percentile(baseline, 50), Percentile(baseline, 99));
        var added99 = all99 - allPlain99;
        await output.WriteLineAsync(new MarkdownTable("measurement (all rounds, model time excluded)", "drafts", "provider requests per draft", "database round trips per draft",
                "p50 ms", "p99 ms", "max ms", "process CPU per draft and plain draft ms", $"added p99 ≤ {TargetP99Milliseconds:0} ms")
            .Add("draft (DraftAsync as the agent through the cluster client: policy, reads, minimisation, tool, audit)", Format.Count(ours.Count),
                ((double)requests / ours.Count).ToString("F1", CultureInfo.InvariantCulture), roundTripsPerDraft.ToString("F2", CultureInfo.InvariantCulture),
                Format.Milliseconds(all50), Format.Milliseconds(all99), Format.Milliseconds(ours.Max()), Format.Milliseconds(cpuTotal.TotalMilliseconds / ours.Count), "")
            .Add("plain draft (one SELECT of plain text, the raw history, one provider request, nothing else)", Format.Count(baseline.Count),
                ((double)plainRequests / baseline.Count).ToString("F1", CultureInfo.InvariantCulture), ((double)plainRoundTrips / DraftsPerRound).ToString("F2", CultureInfo.InvariantCulture),
                Format.Milliseconds(allPlain50), Format.Milliseconds(allPlain99), Format.Milliseconds(baseline.Max()), "", "")
            .Add("added (draft − plain draft, at each percentile)", "", "", "", Format.Milliseconds(all50 - allPlain50), Format.Milliseconds(added99), "", "",
                added99 <= TargetP99Milliseconds ? "met" : "MISSED")
            .ToString());
        await output.WriteLineAsync("Each draft's and plain draft's latency is its end-to-end time (timed by the caller) − the fake provider's own time over its requests " +
            "(handler start → response completed), so the model's time is excluded on both sides. The draft's remainder: the grain call through the cluster " +
            "client, the policy reads, the encrypted message read, the customer and order reads, minimisation and re-identification, two loopback exchanges " +
            "through Semantic Kernel (the model asks for order_status, then answers), the tool (customer and order grains), the audit append (durable, " +
            "hash-chained). The plain draft's: one SELECT and one loopback exchange through the same connector. Added = the difference at the same " +
            "percentile, what minimisation, the audit trail, the tools and the grains cost together. Process CPU: this process's CPU time over a round (every " +
            "thread: silo, client, fake server, GC, both kinds of draft) divided by its drafts. Database round trips: the Npgsql commands (or batches) of " +
            $"one more round of {DraftsPerRound} pairs after the timed ones (untimed, since counting traces every command), the plain draft's SELECT left out, per draft:");
        await output.WriteLineAsync();
        var statements = new MarkdownTable("statement (opening)", "round trips per draft");
        foreach (var (statement, count) in roundTrips)
        {
            statements.Add("`" + statement.Replace('|', '/') + "`", ((double)count / DraftsPerRound).ToString("F2", CultureInfo.InvariantCulture));
        }

        await output.WriteLineAsync(statements.ToString());
        await output.WriteLineAsync();
        return otherLoad;
    }

    private static async Task<(TimeSpan Total, TimeSpan Fake)> PlainDraftAsync(PlainDraftBaseline plain, FakeOpenAi provider)
    {
        var fakeBefore = provider.ServerTime;
        var started = Stopwatch.GetTimestamp();
        await plain.DraftAsync();
        var total = Stopwatch.GetElapsedTime(started);
        return (total, provider.ServerTime - fakeBefore);
    }

    private static async Task<(TimeSpan Total, TimeSpan Fake)> DraftAsync(CallerContext agent, IConversationGrain conversation, FakeOpenAi provider)
    {
        var fakeBefore = provider.ServerTime;
        var started = Stopwatch.GetTimestamp();
        var draft = await CallerContext.RunAsAsync(agent, conversation.DraftAsync);
        var total = Stopwatch.GetElapsedTime(started);
        if (!draft.Text.Contains("Philippa", StringComparison.Ordinal) || !draft.Text.Contains("#4417", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The draft was not re-identified (its customer and order references still stand).");
        }

        return (total, provider.ServerTime - fakeBefore);
    }

    /// <summary>A tenant with AI enabled in the provider's region, an agent, and one conversation whose customer has a contact record and three orders.</summary>
    private static async Task<(CallerContext Agent, IConversationGrain Conversation, string[] Messages)> SeedAsync(IClusterClient client)
    {
        var tenantId = GrainKeys.NewTenantId();
        var tenant = client.GetTenantGrain(tenantId);
        var created = await CallerContext.RunAsAsync(CallerContext.Operator("bench-operator"), () => tenant.CreateAsync(new TenantCreation("Bench AI shop", "eu")));
        var admin = new CallerContext(tenantId, created.AdminKey.KeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        await CallerContext.RunAsAsync(admin, () => tenant.UpdateSettingsAsync(new TenantSettingsPatch(null, null, null, true, false, false, [Region])));
        var key = await CallerContext.RunAsAsync(admin, () => tenant.CreateApiKeyAsync(Roles.Agent, "bench agent"));
        var agent = new CallerContext(tenantId, key.KeyId, ActorKind.Agent, Roles.ScopesOf(Roles.Agent));

        const string name = "Philippa Quenby-Hartwell";
        const string email = "philippa.qh@example.net";
        const string phone = "+44 7700 900123";
        var (customerRef, conversationId) = (GrainKeys.NewLocalId('c'), GrainKeys.NewLocalId('v'));
        var now = DateTimeOffset.UtcNow;
        var channel = CallerContext.Channel(tenantId, "generic");
        var conversation = client.GetConversationGrain(tenantId, conversationId);
        var messages = await CallerContext.RunAsAsync(channel, async () =>
        {
            await client.GetCustomerGrain(tenantId, customerRef).RecordContactAsync("generic", new ContactDetails(name, email, phone));
            foreach (var (number, external, tracking) in ((string, string, string)[])[("#4417", "820982911946154508", "RM448812937GB"), ("#4398", "820982911946150001", "RM448812001GB"), ("#4302", "820982911946140002", "RM448811002GB")])
            {
                var snapshot = new OrderSnapshot(number, "GBP", "59.00", "paid", "fulfilled", now.AddDays(-3), now.AddDays(-1), null, null,
                    new PostalAddress(name, "12 Larkspur Mews", null, "Bath", null, "BA1 5QT", "GB", phone),
                    [new OrderLine("1", "Linen shirt", 1, "59.00", "SKU-LS-01")],
                    [new Shipment("Royal Mail", tracking, "https://track.example/" + tracking, "in_transit")]);
                await client.GetOrderGrain(tenantId, GrainKeys.NewLocalId('o')).ApplyAsync("shopify", customerRef,
                    new OrderEvent(Guid.NewGuid().ToString(), "orders/create", external, null, snapshot, null));
            }

            string[] messages =
            [
                $"Hi, this is {name} ({email}). Where is my order #4417? It goes to 12 Larkspur Mews, BA1 5QT; call me on {phone}.",
                "The tracking number RM448812937GB has not moved since Tuesday, and the page says it is still in Bath.",
                "I also ordered #4398 last week, a size M linen shirt (SKU-LS-01, £59.00), please check that one too.",
                $"If it is easier, text me on 07700 900123 or reply to {email}. Thanks, Philippa",
            ];
            foreach (var text in messages)
            {
                await conversation.AppendAsync(new ConversationDelivery(GrainKeys.NewLocalId('m'), "generic", customerRef, MessageKind.Customer, text, [], now, null));
            }

            return messages;
        });
        return (agent, conversation, messages);
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
