using System.Globalization;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Tests.Faults;

namespace Omniops.Actors.Bench.Cluster;

/// <summary>
/// Ingest throughput of real processes: signed generic webhooks through the standalone gateway from <c>--senders</c>
/// closed-loop senders for <c>--seconds</c> (after a warm-up), on one silo and on three (each a fresh cluster on a
/// fresh database of one PostgreSQL server of this run, alternating for <c>--rounds</c>); then, on the last three-silo
/// cluster, kill -9 of one silo under the same load: the longest gap between acknowledgements after the kill, the
/// time until the 2-s throughput is back to ≥ 80 % of the pre-kill rate for good, and lost / doubled messages from the
/// database. Failure detection as in the fault tests (<see cref="FaultCluster.FailureDetection"/>).
/// </summary>
public sealed class ScaleBenchmark(BenchOptions options)
{
    private const double RecoveredShare = 0.8;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(2);

    /// <returns>The worst share of the cores other processes took during a measured run.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var window = options.Given.Contains("--seconds") ? options.Window : TimeSpan.FromSeconds(20);
        var rounds = options.Given.Contains("--rounds") ? options.Rounds : 1;
        var senders = options.Concurrency;
        await output.WriteLineAsync($"## scale: ingest on 1 vs 3 silo processes, then kill -9 of one of 3 under load " +
            $"({senders} senders over {ClusterRun.Tenants} tenants through the standalone gateway, {rounds} round{(rounds == 1 ? "" : "s")} × {window.TotalSeconds:0} s per cluster after {WarmUp.TotalSeconds:0} s warm-up; " +
            $"failure detection {FaultCluster.FailureDetection.TotalSeconds:0} s = {FaultCluster.MissedProbes} missed probes × {FaultCluster.ProbeTimeout.TotalSeconds:0} s)");
        await output.WriteLineAsync();
        using var postgres = new FaultPostgres();
        using var http = ClusterRun.Client(senders);
        var table = new MarkdownTable("run", "silos", "msg/s", "p50 ms", "p99 ms", "non-202 answers", "stored", "lost", "doubled", "other load");
        var rates = new Dictionary<int, List<double>> { [1] = [], [3] = [] };
        var worst = 0.0;
        string? kill = null;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var silos in new[] { 1, 3 })
            {
                var name = $"scale{silos}r{round}";
                Progress.Report($"scale: starting {silos} silo(s) and the gateway ({name})");
                await using var cluster = await FaultCluster.StartAsync(postgres, name, silos: silos);
                var targets = await ClusterRun.ProvisionAsync(cluster, name);
                var probe = new CpuProbe();
                var load = new AcknowledgedLoad(http, targets, senders);
                using var stop = new CancellationTokenSource();
                var running = load.RunAsync($"{name}", stop.Token, WarmUp + window + TimeSpan.FromSeconds(60));
                await Task.Delay(WarmUp + window);
                await stop.CancelAsync();
                await running;
                var other = probe.OtherLoadPercent();
                worst = Math.Max(worst, other);
                var measured = AcknowledgedLoad.Window(load.Acknowledgements(), WarmUp.TotalSeconds, (WarmUp + window).TotalSeconds);
                var (stored, lost, extra) = await ClusterRun.CheckStoredAsync(cluster, targets, load);
                rates[silos].Add(measured.PerSecond);
                table.Add($"r{round}", silos.ToString(CultureInfo.InvariantCulture), Format.Rate(measured.PerSecond), Format.Milliseconds(measured.P50), Format.Milliseconds(measured.P99),
                    Format.Count(load.Errors), Format.Count(stored), Format.Count(lost), Format.Count(extra), Format.Load(other));
                Progress.Report($"scale {name}: {Format.Rate(measured.PerSecond)} msg/s, p99 {Format.Milliseconds(measured.P99)} ms, stored {stored}, lost {lost}, doubled {extra}, other load {Format.Load(other)}");
                if (silos == 3 && round == rounds)
                {
                    (kill, var killOther) = await KillAsync(cluster, http, senders, window, round);
                    worst = Math.Max(worst, killOther);
                }
            }
        }

        await output.WriteLineAsync(table.ToString());
        var one = Format.Median(rates[1]);
        var three = Format.Median(rates[3]);
        await output.WriteLineAsync($"Medians: 1 silo {Format.Rate(one)} msg/s, 3 silos {Format.Rate(three)} msg/s ({Format.Ratio(three / one)} of one silo), " +
            $"on {Environment.ProcessorCount} cores shared by PostgreSQL, the gateway, the silos and the senders.");
        await output.WriteLineAsync();
        await output.WriteLineAsync(kill);
        await output.WriteLineAsync();
        return worst;
    }

    /// <summary>The kill phase: the load for a warm-up and a window, kill -9 of silo 1, the load on for at least as long again.</summary>
    private static async Task<(string Report, double OtherLoad)> KillAsync(FaultCluster cluster, HttpClient http, int senders, TimeSpan window, int round)
    {
        var name = $"scalekill{round}";
        var targets = await ClusterRun.ProvisionAsync(cluster, name);
        var probe = new CpuProbe();
        var load = new AcknowledgedLoad(http, targets, senders);
        using var stop = new CancellationTokenSource();
        var after = TimeSpan.FromTicks(Math.Max(window.Ticks, (FaultCluster.FailureDetection * 5).Ticks));
        var running = load.RunAsync(name, stop.Token, WarmUp + window + after + TimeSpan.FromSeconds(90));
        await Task.Delay(WarmUp + window);
        var killedAt = load.Now;
        Progress.Report($"scale: kill -9 of silo 1 (pid {cluster.Silos[1].Process.Id}) at {killedAt:0.0} s");
        await cluster.Silos[1].Process.KillAsync();
        await Task.Delay(after);
        var stoppedAt = load.Now;
        await stop.CancelAsync();
        await running;
        var other = probe.OtherLoadPercent();
        var acknowledgements = load.Acknowledgements();
        var before = AcknowledgedLoad.Window(acknowledgements, WarmUp.TotalSeconds, killedAt);
        var times = acknowledgements.Select(a => a.At).Where(t => t >= killedAt).Prepend(killedAt).ToArray();
        var gap = times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
        var recovery = Recovery(acknowledgements, killedAt, stoppedAt, before.PerSecond);
        var afterWindow = AcknowledgedLoad.Window(acknowledgements, killedAt, stoppedAt);
        var (stored, lost, extra) = await ClusterRun.CheckStoredAsync(cluster, targets, load);
        var statuses = string.Join(", ", load.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {Format.Count(s.Value)}"));
        var table = new MarkdownTable("pre-kill msg/s", "after-kill msg/s", "longest gap s", "back to ≥ 80 % after s", "gap / failure detection", "acknowledged", "stored", "lost", "doubled", "unfinished", "other load")
            .Add(Format.Rate(before.PerSecond), Format.Rate(afterWindow.PerSecond), gap.ToString("F2", CultureInfo.InvariantCulture),
                recovery is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) : "not within the run",
                Format.Ratio(gap / FaultCluster.FailureDetection.TotalSeconds), Format.Count(load.Acknowledged), Format.Count(stored), Format.Count(lost), Format.Count(extra),
                Format.Count(load.Unfinished), Format.Load(other));
        Progress.Report($"scale kill: gap {gap:0.00} s, recovery {recovery?.ToString("0.0", CultureInfo.InvariantCulture) ?? "none"} s, stored {stored}, lost {lost}, doubled {extra}");
        return ($"### scale: kill -9 of one of 3 silos after {(WarmUp + window).TotalSeconds:0} s of load, load kept on for {after.TotalSeconds:0} s\n\n{table}\n" +
                $"Answers: {statuses}. Targets: lost = doubled = 0; gap ≤ 1.5× failure detection.", other);
    }

    /// <summary>
    /// Seconds from the kill to the start of the first 2-s bucket from which on every whole bucket until the end has at
    /// least 80 % of the pre-kill rate; null when the last one has not.
    /// </summary>
    private static double? Recovery(Acknowledgement[] acknowledgements, double killedAt, double stoppedAt, double preKill)
    {
        var width = Bucket.TotalSeconds;
        var buckets = (int)Math.Floor((stoppedAt - killedAt) / width);
        double? recovered = null;
        for (var i = buckets - 1; i >= 0; i--)
        {
            var from = killedAt + (i * width);
            if (AcknowledgedLoad.Window(acknowledgements, from, from + width).PerSecond < RecoveredShare * preKill)
            {
                break;
            }

            recovered = i * width;
        }

        return recovered;
    }
}
