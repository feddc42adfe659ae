namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// What one timed load run achieved. Latencies are NaN when they were not recorded. The CPU figures cover the whole
/// run (warm-up included) divided by every operation of the run: this process's CPU time (load generator, client,
/// silo, Npgsql) and the whole machine's busy time (PostgreSQL and the kernel too; NaN without /proc/stat).
/// <see cref="OtherLoadPercent"/> is the share of all cores taken by processes outside the benchmark meanwhile.
/// </summary>
public sealed record LoadResult(long Operations, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds,
    double ProcessCpuMicrosecondsPerOperation, double MachineCpuMicrosecondsPerOperation, double OtherLoadPercent)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}
