namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>One timed run of a one-shot measurement and the bytes the process allocated meanwhile.</summary>
public sealed record TimedRun(TimeSpan Elapsed, long AllocatedBytes);
