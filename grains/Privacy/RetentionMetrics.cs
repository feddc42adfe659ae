using System.Diagnostics.Metrics;
using Omniops.Actors.GrainInterfaces.Metrics;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Retention sweeps: <c>omniops_retention_sweep_lag_seconds{outcome}</c>, from the reminder tick a sweep was due at to
/// the moment it finished (a growing lag means sweeps fall behind their period), outcome <c>success</c> or
/// <c>failure</c> (the next tick tries again). Recorded in the silo that ran the sweep.
/// </summary>
public static class RetentionMetrics
{
    private static readonly Histogram<double> Lag = OmniopsMeter.Meter.CreateHistogram<double>(
        "omniops.retention.sweep.lag", "s", "From a retention sweep's scheduled tick to its end, by outcome.");

    public static void Swept(TimeSpan lag, bool succeeded) =>
        Lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
}
