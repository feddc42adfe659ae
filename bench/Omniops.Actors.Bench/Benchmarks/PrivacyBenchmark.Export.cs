using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Client.Privacy;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>Part (3): the export of one subject.</summary>
public sealed partial class PrivacyBenchmark
{
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
}
