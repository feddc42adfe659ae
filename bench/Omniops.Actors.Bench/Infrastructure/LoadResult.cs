namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>What one timed load run achieved. Latencies are NaN when they were not recorded.</summary>
public sealed record LoadResult(long Operations, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}
