using System.Globalization;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Grains;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Cost of <c>TenantIsolationFilter</c>: <c>ITenantGrain.GetAsync</c> (in-memory state, nothing else) at
/// <c>--concurrency</c> closed-loop callers, each a tenant admin of one of 16 tenants, on two one-silo in-memory
/// clusters that differ only in the filter. Both clusters stay up; the variants alternate (AB BA AB ...) round by
/// round so drift hits both alike. Two call paths: the cluster client (serialized over the TestingHost's in-memory
/// transport, like a gateway's call) and the silo's own grain factory (no client hop, so the filter weighs more).
/// </summary>
public sealed class IsolationBenchmark(BenchOptions options)
{
    private const int Tenants = 16;
    private const double TargetSlowdownPercent = 10;
    private static readonly TimeSpan RampUp = TimeSpan.FromSeconds(0.5);

    /// <returns>The worst share of the cores other processes took during a measured round.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"## isolation: TenantIsolationFilter cost ({options.Concurrency} callers, {Tenants} tenants, {options.Rounds} rounds × {options.Seconds} s per variant and path)");
        await output.WriteLineAsync();
        await using var filtered = await IsolationTarget.StartAsync("with filter", s => s.AddOmniops(), Tenants);
        await using var unfiltered = await IsolationTarget.StartAsync("without filter", s => s.AddOmniopsWithoutIsolationFilter(), Tenants);
        await using var pipeline = await IsolationTarget.StartAsync("without filter, pass-through filter (production pipeline)",
            s => s.AddOmniopsWithoutIsolationFilter().AddIncomingGrainCallFilter<PassThroughFilter>(), Tenants);
        if (!await filtered.RefusesAnonymousCallsAsync() || await unfiltered.RefusesAnonymousCallsAsync())
        {
            throw new InvalidOperationException("Sanity check failed: the filter must refuse an anonymous call in the filtered cluster only.");
        }

        Progress.Report("isolation: both clusters up, filter present in one only");
        var runs = new MarkdownTable(["path", "variant", .. Enumerable.Range(1, options.Rounds).Select(r => $"round {r}"), "median calls/s", "CPU µs/call", "other load (max)"]);
        var summary = new MarkdownTable("path / baseline", "baseline (median calls/s)", "with filter (median calls/s)", "slowdown of the medians", "slowdown per round pair: min / median / max", $"target ≤ {TargetSlowdownPercent:0} % (pair median)");
        var cpuPerCall = new List<double>();
        var otherLoad = 0.0;
        var firstPath = true;
        foreach (var (path, factoryOf) in new (string, Func<IsolationTarget, IGrainFactory>)[]
                 {
                     ("client → silo (in-memory transport)", t => t.Client),
                     ("silo-local IGrainFactory", t => t.SiloLocal),
                 })
        {
            // Warm-up, discarded: tiered JIT needs several seconds of load on 2 busy cores before the first path settles.
            await MeasureAsync(filtered, factoryOf(filtered), TimeSpan.FromSeconds(firstPath ? 8 : 2), "warm-up");
            await MeasureAsync(unfiltered, factoryOf(unfiltered), TimeSpan.FromSeconds(2), "warm-up");
            await MeasureAsync(pipeline, factoryOf(pipeline), TimeSpan.FromSeconds(2), "warm-up");
            firstPath = false;

            var results = new Dictionary<IsolationTarget, List<LoadResult>> { [filtered] = [], [unfiltered] = [], [pipeline] = [] };
            for (var round = 0; round < options.Rounds; round++)
            {
                var order = round % 2 == 0 ? new[] { unfiltered, pipeline, filtered } : [filtered, pipeline, unfiltered];
                foreach (var target in order)
                {
                    results[target].Add(await MeasureAsync(target, factoryOf(target), options.Window, $"{path} round {round + 1}"));
                }
            }

            foreach (var target in new[] { unfiltered, pipeline, filtered })
            {
                var cpu = Format.Median(results[target].Select(r => r.ProcessCpuMicrosecondsPerOperation));
                runs.Add([path, target.Name, .. results[target].Select(r => Format.Rate(r.PerSecond)), Format.Rate(Format.Median(results[target].Select(r => r.PerSecond))),
                    cpu.ToString("F1", CultureInfo.InvariantCulture), Format.Load(results[target].Max(r => r.OtherLoadPercent))]);
            }

            otherLoad = Math.Max(otherLoad, results.Values.SelectMany(r => r).Max(r => r.OtherLoadPercent));
            var with = Format.Median(results[filtered].Select(r => r.PerSecond));
            cpuPerCall.Add(Format.Median(results[filtered].Select(r => r.ProcessCpuMicrosecondsPerOperation)));
            foreach (var (baseline, label) in new[] { (unfiltered, "no filter pipeline at all"), (pipeline, "production pipeline (pass-through filter)") })
            {
                var without = Format.Median(results[baseline].Select(r => r.PerSecond));
                // Each round runs the variants back to back, so a round's pair shares the machine's state; the median
                // of the pairs is the estimate least moved by drift and by one disturbed window.
                var paired = results[baseline].Zip(results[filtered], (a, b) => Slowdown(a.PerSecond, b.PerSecond)).Order().ToArray();
                var slowdown = Format.Median(paired);
                summary.Add($"{path} / {label}", Format.Rate(without), Format.Rate(with), Format.Percent(Slowdown(without, with)),
                    $"{Format.Percent(paired[0])} / {Format.Percent(slowdown)} / {Format.Percent(paired[^1])}",
                    slowdown <= TargetSlowdownPercent ? "met" : "MISSED");
            }
        }

        var (nanoseconds, bytes) = await FilterMicrobenchmark.MeasureAsync();
        await output.WriteLineAsync(runs.ToString());
        await output.WriteLineAsync("CPU µs/call: this process's CPU time (load generator, client and silo together) per call, median of the rounds. " +
            "other load: share of all cores used by other user processes (kernel threads not counted) during a round, worst round; " +
            "above a few % the numbers are disturbed.");
        await output.WriteLineAsync();
        await output.WriteLineAsync(summary.ToString());
        await output.WriteLineAsync(new MarkdownTable("filter's own code (tight loop, 1 thread)", "ns/call", "bytes allocated/call", "share of a client call's CPU", "share of a silo-local call's CPU")
            .Add("TenantIsolationFilter.Invoke, success path", nanoseconds.ToString("F0", CultureInfo.InvariantCulture), bytes.ToString("F0", CultureInfo.InvariantCulture),
                Share(nanoseconds, cpuPerCall[0]), Share(nanoseconds, cpuPerCall[^1]))
            .ToString());
        return otherLoad;
    }

    private static double Slowdown(double without, double with) => (without - with) / without * 100;

    private static string Share(double nanoseconds, double microsecondsPerCall) =>
        (nanoseconds / 1000 / microsecondsPerCall * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    private async Task<LoadResult> MeasureAsync(IsolationTarget target, IGrainFactory factory, TimeSpan window, string label)
    {
        var load = new LoadGenerator(options.Concurrency, recordLatency: false);
        var result = await load.RunAsync(RampUp, window, i => target.GetTenant(factory, i), target.AdminOf);
        Progress.Report($"isolation {label}, {target.Name}: {Format.Rate(result.PerSecond)} calls/s");
        return result;
    }
}
