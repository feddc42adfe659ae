using System.Globalization;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Tests.Faults;

namespace Omniops.Actors.Bench.Cluster;

/// <summary>
/// A soak of real processes: three silos and the standalone gateway take signed generic webhooks at a steady rate
/// (<c>--rate</c>, or half the peak measured first with <c>--senders</c> closed-loop senders for <c>--seconds</c>) for
/// <c>--minutes</c>; every 10 s each process's resident memory (VmRSS from <c>/proc/{pid}/status</c>), the senders'
/// own GC heap, and the window's throughput and latency p50/p99. The trend is the least-squares slope over the run
/// with the first minute left out as warm-up: a process's RSS growing by more than <see cref="RssThresholdMegabytesPerMinute"/>
/// MB/min, or p99 by more than <see cref="P99ThresholdSharePerMinute"/> of its median per minute, is flagged as growth.
/// At the end the database must hold every acknowledged message exactly once.
/// </summary>
public sealed class SoakBenchmark(BenchOptions options)
{
    public const double RssThresholdMegabytesPerMinute = 2;
    public const double P99ThresholdSharePerMinute = 0.05;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    /// <returns>The share of the cores other processes took during the soak.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var senders = options.Concurrency;
        var peakWindow = options.Given.Contains("--seconds") ? options.Window : TimeSpan.FromSeconds(15);
        using var postgres = new FaultPostgres();
        using var http = ClusterRun.Client(senders);
        Progress.Report("soak: starting 3 silos and the gateway");
        await using var cluster = await FaultCluster.StartAsync(postgres, "soak");
        string how;
        double rate;
        if (options.Rate > 0)
        {
            rate = options.Rate;
            how = "as given (--rate)";
        }
        else
        {
            var peakLoad = new AcknowledgedLoad(http, await ClusterRun.ProvisionAsync(cluster, "peak"), senders);
            using var stopPeak = new CancellationTokenSource();
            var peakRun = peakLoad.RunAsync("peak", stopPeak.Token, WarmUp + peakWindow + TimeSpan.FromSeconds(60));
            await Task.Delay(WarmUp + peakWindow);
            await stopPeak.CancelAsync();
            await peakRun;
            var peak = AcknowledgedLoad.Window(peakLoad.Acknowledgements(), WarmUp.TotalSeconds, (WarmUp + peakWindow).TotalSeconds);
            rate = Math.Max(1, Math.Floor(peak.PerSecond / 2));
            how = $"half the peak of {Format.Rate(peak.PerSecond)} msg/s measured first ({senders} closed-loop senders, {peakWindow.TotalSeconds:0} s, p99 {Format.Milliseconds(peak.P99)} ms)";
        }

        // Tenants of the soak's own, so the database check at the end counts the soak's messages only.
        var targets = await ClusterRun.ProvisionAsync(cluster, "soak");
        await output.WriteLineAsync($"## soak: {options.Minutes} min at {Format.Rate(rate)} msg/s on 3 silo processes and the standalone gateway ({how}; up to {senders} senders over {ClusterRun.Tenants} tenants, sampled every {SampleEvery.TotalSeconds:0} s)");
        await output.WriteLineAsync();
        Progress.Report($"soak: {options.Minutes} min at {Format.Rate(rate)} msg/s");
        var hosts = cluster.Silos.Append(cluster.Gateway).ToArray();
        var names = cluster.Silos.Select((_, i) => $"silo {i}").Append("gateway").ToArray();
        var probe = new CpuProbe();
        var load = new AcknowledgedLoad(http, targets, senders, rate);
        using var stop = new CancellationTokenSource();
        var duration = TimeSpan.FromMinutes(options.Minutes);
        var running = load.RunAsync("soak", stop.Token, duration + TimeSpan.FromSeconds(120));
        var samples = new List<SoakSample>();
        var table = new MarkdownTable([.. new[] { "min" }.Concat(names.Select(n => n + " RSS MB")).Concat(["senders' GC heap MB", "msg/s", "p50 ms", "p99 ms", "non-202 (total)"])]);
        for (var at = SampleEvery; at <= duration; at += SampleEvery)
        {
            var wait = at.TotalSeconds - load.Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            var window = AcknowledgedLoad.Window(load.Acknowledgements(), (at - SampleEvery).TotalSeconds, at.TotalSeconds);
            var sample = new SoakSample(at.TotalMinutes, [.. hosts.Select(ClusterRun.ResidentMegabytes)], GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
                window.PerSecond, window.P50, window.P99, load.Errors);
            samples.Add(sample);
            table.Add([.. new[] { sample.Minute.ToString("F2", CultureInfo.InvariantCulture) }.Concat(sample.ResidentMegabytes.Select(Megabytes))
                .Concat([Megabytes(sample.LoadGcHeapMegabytes), Format.Rate(sample.PerSecond), Format.Milliseconds(sample.P50Milliseconds), Format.Milliseconds(sample.P99Milliseconds), Format.Count(sample.Errors)])]);
            Progress.Report($"soak {sample.Minute:0.00} min: {Format.Rate(sample.PerSecond)} msg/s, p99 {Format.Milliseconds(sample.P99Milliseconds)} ms, RSS {string.Join(" / ", sample.ResidentMegabytes.Select(Megabytes))} MB");
        }

        await stop.CancelAsync();
        await running;
        var other = probe.OtherLoadPercent();
        var (stored, lost, extra) = await ClusterRun.CheckStoredAsync(cluster, targets, load);
        await output.WriteLineAsync(table.ToString());
        await output.WriteLineAsync(TrendReport(samples, names));
        await output.WriteLineAsync($"Acknowledged {Format.Count(load.Acknowledged)}, stored {Format.Count(stored)}, lost {Format.Count(lost)}, doubled {Format.Count(extra)}, unfinished {Format.Count(load.Unfinished)}; " +
            $"answers {string.Join(", ", load.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {Format.Count(s.Value)}"))}; other load {Format.Load(other)}.");
        await output.WriteLineAsync();
        return other;
    }

    /// <summary>The slopes after the first minute, per process and for p99, with the verdict against the thresholds.</summary>
    private static string TrendReport(List<SoakSample> samples, string[] names)
    {
        var steady = samples.Where(s => s.Minute > 1).ToArray();
        var minutes = steady.Select(s => s.Minute).ToArray();
        var table = new MarkdownTable("trend after the first minute", "slope per minute", "threshold", "verdict");
        var flagged = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var slope = Trend.Slope(minutes, [.. steady.Select(s => s.ResidentMegabytes[i])]);
            var growth = slope > RssThresholdMegabytesPerMinute;
            if (growth)
            {
                flagged.Add(names[i] + " RSS");
            }

            table.Add($"{names[i]} RSS", $"{slope.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)} MB", $"{RssThresholdMegabytesPerMinute:0.##} MB", Verdict(slope, growth));
        }

        var p99 = Trend.Slope(minutes, [.. steady.Select(s => s.P99Milliseconds)]);
        var median = Format.Median(steady.Select(s => s.P99Milliseconds).Where(v => !double.IsNaN(v)));
        var limit = P99ThresholdSharePerMinute * median;
        var p99Growth = p99 > limit;
        if (p99Growth)
        {
            flagged.Add("p99");
        }

        var rate = Trend.Slope(minutes, [.. steady.Select(s => s.PerSecond)]);
        table.Add("p99 latency", $"{p99.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)} ms", $"{limit:0.00} ms ({P99ThresholdSharePerMinute:P0} of the median p99 {median:0.00} ms)", Verdict(p99, p99Growth));
        table.Add("throughput", $"{rate.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} msg/s", "–", "(paced: flat unless the cluster falls behind)");
        var verdict = steady.Length < 3
            ? "Too short for a trend (fewer than 3 samples after the first minute)."
            : flagged.Count == 0 ? "No growth beyond the thresholds." : $"GROWTH beyond the threshold: {string.Join(", ", flagged)}.";
        return $"{table}\n{verdict}\n";
    }

    private static string Verdict(double slope, bool growth) => double.IsNaN(slope) ? "–" : growth ? "GROWTH" : "flat";

    private static string Megabytes(double value) => double.IsNaN(value) ? "gone" : value.ToString("F1", CultureInfo.InvariantCulture);
}
