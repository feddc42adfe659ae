using System.Diagnostics;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each run their operation back to back (one in flight per worker)
/// for a warm-up, then for the measured window, then stop. Only operations completing inside the window count.
/// Each worker runs with its own <see cref="CallerContext"/> in the Orleans request context. A failing operation
/// stops the run and is rethrown: a benchmark never reports numbers from a broken run.
/// </summary>
public sealed class LoadGenerator
{
    private const int Warming = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;

    private readonly int _concurrency;
    private readonly bool _recordLatency;
    private volatile int _phase = Warming;

    public LoadGenerator(int concurrency, bool recordLatency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        (_concurrency, _recordLatency) = (concurrency, recordLatency);
    }

    /// <param name="operationOf">The operation of worker <c>i</c> (called once per worker).</param>
    /// <param name="callerOf">The caller worker <c>i</c> acts as, or null for none.</param>
    public async Task<LoadResult> RunAsync(TimeSpan warmUp, TimeSpan duration, Func<int, Func<Task>> operationOf, Func<int, CallerContext?> callerOf)
    {
        _phase = Warming;
        var workers = new Task<Worker>[_concurrency];
        for (var i = 0; i < _concurrency; i++)
        {
            var operation = operationOf(i);
            var caller = callerOf(i);
            workers[i] = Task.Run(() => RunWorkerAsync(operation, caller));
        }

        var failed = Task.WhenAny(workers);
        await Task.WhenAny(failed, Task.Delay(warmUp));
        _phase = Measuring;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAny(failed, Task.Delay(duration));
        _phase = Stopped;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var finished = await Task.WhenAll(workers);

        var operations = finished.Sum(w => w.Operations);
        if (!_recordLatency)
        {
            return new LoadResult(operations, elapsed, double.NaN, double.NaN);
        }

        var latencies = finished.SelectMany(w => w.Latencies).Order().ToArray();
        return new LoadResult(operations, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private async Task<Worker> RunWorkerAsync(Func<Task> operation, CallerContext? caller)
    {
        CallerContext.Current = caller;
        var worker = new Worker(_recordLatency ? new List<long>(4096) : []);
        while (_phase != Stopped)
        {
            var start = Stopwatch.GetTimestamp();
            await operation().ConfigureAwait(false);
            if (_phase == Measuring)
            {
                worker.Operations++;
                if (_recordLatency)
                {
                    worker.Latencies.Add(Stopwatch.GetTimestamp() - start);
                }
            }
        }

        return worker;
    }

    private static double Percentile(long[] sortedTicks, double quantile) => sortedTicks.Length == 0
        ? double.NaN
        : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(quantile * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;

    private sealed class Worker(List<long> latencies)
    {
        public long Operations { get; set; }

        public List<long> Latencies { get; } = latencies;
    }
}
