namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>One measured round of the minimiser benchmark: MB of text per CPU-second (thread, process) and per wall second.</summary>
public sealed record MinimiserRound(double PerThreadCpu, double PerWall, double PerProcessCpu, double CpuMicrosecondsPerMessage, double AllocatedPerMessage);
