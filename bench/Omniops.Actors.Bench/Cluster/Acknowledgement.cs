namespace Omniops.Actors.Bench.Cluster;

/// <summary>One acknowledged (202) delivery: when its answer arrived (seconds since the load started, monotonic) and how long that exchange took.</summary>
public readonly record struct Acknowledgement(double At, double LatencyMilliseconds);
