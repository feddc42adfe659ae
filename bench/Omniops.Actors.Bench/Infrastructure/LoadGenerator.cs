using System.Diagnostics;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each run their operation back to back (one in flight per worker)
/// through a warm-up, then the measured window, then stop. Only operations completing inside the window count. The
/// workers read the clock themselves (a controller waiting on a timer can be starved by a saturated thread pool).
/// Each worker runs with its own <see cref="CallerContext"/> in the Orleans request context. A failing operation
/// fails the run once the window is over: a benchmark never reports numbers from a broken run.
/// </summary>
public sealed class LoadGenerator
{
    private readonly int _concurrency;
    private readonly bool _recordLatency;

    public LoadGenerator(int concurrency, bool recordLatency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        (_concurrency, _recordLatency) = (concurrency, recordLatency);
    }

    /// <param name="warmUp">Load before the window (not counted).</param>
    /// <param name="duration">The measured window.</param>
    /// <param name="operationOf">The operation of worker <c>i</c> (called once per worker).</param>
    /// <param name="callerOf">The caller worker <c>i</c> acts as, or null for none.</param>
    public async Task<LoadResult> RunAsync(TimeSpan warmUp, TimeSpan duration, Func<int, Func<Task>> operationOf, Func<int, CallerContext?> callerOf)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var probe = new CpuProbe();
        var now = Stopwatch.GetTimestamp();
        var window = (Start: now + Ticks(warmUp), End: now + Ticks(warmUp) + Ticks(duration));
        var workers = new Task<LoadWorker>[_concurrency];
        for (var i = 0; i < _concurrency; i++)
        {
            var operation = operationOf(i);
            var caller = callerOf(i);
            workers[i] = Task.Run(() => RunWorkerAsync(operation, caller, window.Start, window.End));
        }

        var finished = await Task.WhenAll(workers);
        var all = Math.Max(1, finished.Sum(w => w.Total));
        var cpuPerOperation = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / all;
        var machinePerOperation = probe.MachineMicroseconds / all;
        var otherLoad = probe.OtherLoadPercent();
        var operations = finished.Sum(w => w.Operations);
        if (!_recordLatency)
        {
            return new LoadResult(operations, duration, double.NaN, double.NaN, cpuPerOperation, machinePerOperation, otherLoad);
        }

        var latencies = finished.SelectMany(w => w.Latencies).Order().ToArray();
        return new LoadResult(operations, duration, Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpuPerOperation, machinePerOperation, otherLoad);
    }

    private async Task<LoadWorker> RunWorkerAsync(Func<Task> operation, CallerContext? caller, long windowStart, long windowEnd)
    {
        CallerContext.Current = caller;
        var worker = new LoadWorker(_recordLatency ? new List<long>(4096) : []);
        var start = Stopwatch.GetTimestamp();
        while (start < windowEnd)
        {
            await operation().ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            worker.Total++;
            if (end >= windowStart && end < windowEnd)
            {
                worker.Operations++;
                if (_recordLatency)
                {
                    worker.Latencies.Add(end - start);
                }
            }

            start = end;
        }

        return worker;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double Percentile(long[] sortedTicks, double quantile) => sortedTicks.Length == 0
        ? double.NaN
        : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(quantile * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;
}
