using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>Part (1): erasing one subject, a fresh one each round.</summary>
public sealed partial class PrivacyBenchmark
{
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
}
