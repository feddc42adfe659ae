using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Grains;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Cost of <c>TenantIsolationFilter</c>: <c>ITenantGrain.GetAsync</c> (in-memory state, nothing else) at
/// <c>--concurrency</c> closed-loop callers, each a tenant admin of one of 16 tenants, on two one-silo in-memory
/// clusters that differ only in the filter. Both clusters stay up; the variants alternate (ABBA...) every round.
/// </summary>
public sealed class IsolationBenchmark(BenchOptions options)
{
    private const int Tenants = 16;
    private const double TargetSlowdownPercent = 10;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public async Task RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"## isolation: TenantIsolationFilter cost ({options.Concurrency} callers, {Tenants} tenants, {options.Rounds} rounds × {options.Seconds} s per variant and path)");
        await output.WriteLineAsync();
        await using var filtered = await IsolationTarget.StartAsync("with filter", s => s.AddOmniops(), Tenants);
        await using var unfiltered = await IsolationTarget.StartAsync("without filter", s => s.AddOmniopsWithoutIsolationFilter(), Tenants);
        if (!await filtered.RefusesAnonymousCallsAsync() || await unfiltered.RefusesAnonymousCallsAsync())
        {
            throw new InvalidOperationException("Sanity check failed: the filter must refuse an anonymous call in the filtered cluster only.");
        }

        var runs = new MarkdownTable(["path", "variant", .. Enumerable.Range(1, options.Rounds).Select(r => $"round {r} calls/s"), "median calls/s"]);
        var summary = new MarkdownTable("path", "without filter (calls/s)", "with filter (calls/s)", "slowdown", $"target ≤ {TargetSlowdownPercent:0} %");
        foreach (var (path, factoryOf) in new (string, Func<IsolationTarget, IGrainFactory>)[]
                 {
                     ("client → silo (in-memory transport)", t => t.Client),
                     ("silo-local IGrainFactory", t => t.SiloLocal),
                 })
        {
            var results = new Dictionary<IsolationTarget, List<double>> { [filtered] = [], [unfiltered] = [] };
            foreach (var target in new[] { filtered, unfiltered })
            {
                await MeasureAsync(target, factoryOf(target), TimeSpan.FromSeconds(1)); // JIT / tiering warm-up, discarded
            }

            for (var round = 0; round < options.Rounds; round++)
            {
                var order = round % 2 == 0 ? new[] { unfiltered, filtered } : [filtered, unfiltered];
                foreach (var target in order)
                {
                    results[target].Add((await MeasureAsync(target, factoryOf(target), options.Window)).PerSecond);
                }
            }

            foreach (var target in new[] { unfiltered, filtered })
            {
                runs.Add([path, target.Name, .. results[target].Select(Format.Rate), Format.Rate(Format.Median(results[target]))]);
            }

            var with = Format.Median(results[filtered]);
            var without = Format.Median(results[unfiltered]);
            var slowdown = (without - with) / without * 100;
            summary.Add(path, Format.Rate(without), Format.Rate(with), Format.Percent(slowdown), slowdown <= TargetSlowdownPercent ? "met" : "MISSED");
        }

        await output.WriteLineAsync(runs.ToString());
        await output.WriteLineAsync(summary.ToString());
    }

    private async Task<LoadResult> MeasureAsync(IsolationTarget target, IGrainFactory factory, TimeSpan window)
    {
        var load = new LoadGenerator(options.Concurrency, recordLatency: false);
        return await load.RunAsync(WarmUp, window, i => target.GetTenant(factory, i), target.AdminOf);
    }
}
