namespace Omniops.Actors.Bench.Cluster;

/// <summary>One 10-s sample of the soak: minutes since the soak began, each process's VmRSS (MB; silos, then the gateway), the senders' own GC heap (MB), and the window's rate and latency.</summary>
public sealed record SoakSample(double Minute, double[] ResidentMegabytes, double LoadGcHeapMegabytes, double PerSecond, double P50Milliseconds, double P99Milliseconds, long Errors);
