namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// One measured run of <see cref="WebhookLoad"/>: 2xx answers completed inside the window, their latency
/// percentiles (NaN without any), errors inside the window by kind, the first error seen, the machine's busy share of
/// all cores and other processes' share meanwhile (whole run, warm-up included).
/// </summary>
public sealed record WebhookLoadResult(long Successes, long Errors, TimeSpan Window, double P50Milliseconds, double P99Milliseconds,
    double MaxMilliseconds, string ErrorKinds, string? FirstError, double MachineBusyPercent, double OtherLoadPercent)
{
    public double PerSecond => Successes / Window.TotalSeconds;
}
