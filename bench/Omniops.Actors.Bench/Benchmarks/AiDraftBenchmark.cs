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
/// calls); added latency = end-to-end − time inside the fake.
/// </summary>
public sealed class AiDraftBenchmark(BenchOptions options, PostgresServer server)
{
    private const string Region = "eu-west";
    private const int DraftsPerRound = 100;
    private const int WarmUpDrafts = 100;
    private const int DefaultRounds = 5;
    private const double TargetP99Milliseconds = 5;

    private int Rounds => options.Given.Contains("--rounds") ? options.Rounds : DefaultRounds;

    /// <returns>The worst share of the cores other processes took during a measured round.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        await using var provider = new FakeOpenAi();
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
        var (agent, conversation) = await SeedAsync(client);
        await output.WriteLineAsync($"## ai-draft: added latency of one draft, model time excluded ({Rounds} rounds × {DraftsPerRound} drafts after {WarmUpDrafts} warm-up drafts, one at a time)");
        await output.WriteLineAsync();

        for (var i = 0; i < WarmUpDrafts; i++)
        {
            await DraftAsync(agent, conversation, provider);
        }

        var requestsBefore = provider.Requests.Count;
        using var commands = new DatabaseCommandCounter();
        var table = new MarkdownTable("round", "drafts", "end-to-end p50 ms", "in fake p50 ms", "added p50 ms", "added p99 ms", "added max ms",
            "process CPU per draft ms (all threads, fake included)", "other load");
        var added = new List<double>();
        var endToEnd = new List<double>();
        var inFake = new List<double>();
        var otherLoad = 0.0;
        var cpuTotal = TimeSpan.Zero;
        for (var round = 1; round <= Rounds; round++)
        {
            var (roundAdded, roundEnd, roundFake) = (new List<double>(), new List<double>(), new List<double>());
            var probe = new CpuProbe();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < DraftsPerRound; i++)
            {
                var (total, fake) = await DraftAsync(agent, conversation, provider);
                roundEnd.Add(total.TotalMilliseconds);
                roundFake.Add(fake.TotalMilliseconds);
                roundAdded.Add((total - fake).TotalMilliseconds);
            }

            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            cpuTotal += cpuUsed;
            var load = probe.OtherLoadPercent();
            otherLoad = Math.Max(otherLoad, double.IsNaN(load) ? 0 : load);
            table.Add(round.ToString(CultureInfo.InvariantCulture), DraftsPerRound.ToString(CultureInfo.InvariantCulture),
                Format.Milliseconds(Percentile(roundEnd, 50)), Format.Milliseconds(Percentile(roundFake, 50)), Format.Milliseconds(Percentile(roundAdded, 50)),
                Format.Milliseconds(Percentile(roundAdded, 99)), Format.Milliseconds(roundAdded.Max()),
                Format.Milliseconds(cpuUsed.TotalMilliseconds / DraftsPerRound), Format.Load(load));
            Progress.Report($"ai-draft round {round}: added p50 {Format.Milliseconds(Percentile(roundAdded, 50))} ms, p99 {Format.Milliseconds(Percentile(roundAdded, 99))} ms");
            added.AddRange(roundAdded);
            endToEnd.AddRange(roundEnd);
            inFake.AddRange(roundFake);
        }

        var requests = provider.Requests.Count - requestsBefore;
        var roundTrips = commands.ByStatement();
        var roundTripsPerDraft = (double)roundTrips.Sum(r => r.Count) / added.Count;
        await output.WriteLineAsync(table.ToString());
        var p99 = Percentile(added, 99);
        await output.WriteLineAsync(new MarkdownTable("measurement (all rounds)", "drafts", "provider requests per draft", "database round trips per draft", "end-to-end p50 ms", "in fake p50 ms",
                "added p50 ms", "added p99 ms", "added max ms", "process CPU per draft ms", $"target p99 ≤ {TargetP99Milliseconds:0} ms")
            .Add("one draft (DraftAsync as the agent: policy, reads, minimisation, tool, audit)", Format.Count(added.Count),
                ((double)requests / added.Count).ToString("F1", CultureInfo.InvariantCulture), roundTripsPerDraft.ToString("F2", CultureInfo.InvariantCulture),
                Format.Milliseconds(Percentile(endToEnd, 50)),
                Format.Milliseconds(Percentile(inFake, 50)), Format.Milliseconds(Percentile(added, 50)), Format.Milliseconds(p99), Format.Milliseconds(added.Max()),
                Format.Milliseconds(cpuTotal.TotalMilliseconds / added.Count), p99 <= TargetP99Milliseconds ? "met" : "MISSED")
            .ToString());
        await output.WriteLineAsync("added = end-to-end (the cluster client's DraftAsync call, timed by the caller) − the fake provider's own time over the " +
            "draft's requests (handler start → response completed). What remains is ours: the policy reads, the message and customer/order reads, " +
            "minimisation and re-identification, Semantic Kernel's request building and parsing, the loopback HTTP exchange, the order_status tool " +
            "(customer and order grains), the audit append and the grain call itself. Process CPU is this process's CPU time over the round divided by " +
            "its drafts: every thread (silo, client, the fake server, GC), so an upper bound of the pipeline's own CPU per draft. Database round trips: " +
            "the Npgsql commands (or batches) the process sent during the measured rounds (anything in the background included), per draft:");
        await output.WriteLineAsync();
        var statements = new MarkdownTable("statement (opening)", "round trips per draft");
        foreach (var (statement, count) in roundTrips)
        {
            statements.Add("`" + statement.Replace('|', '/') + "`", ((double)count / added.Count).ToString("F2", CultureInfo.InvariantCulture));
        }

        await output.WriteLineAsync(statements.ToString());
        await output.WriteLineAsync();
        return otherLoad;
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
    private static async Task<(CallerContext Agent, IConversationGrain Conversation)> SeedAsync(IClusterClient client)
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
        await CallerContext.RunAsAsync(channel, async () =>
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

            return messages.Length;
        });
        return (agent, conversation);
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
