namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// The legitimate caller's measured window: 200 answers completed inside it and their latency percentiles in ms (NaN
/// without any), other answers or failed exchanges inside it (by kind, e.g. <c>429 ×3</c>), the first of those seen.
/// </summary>
public sealed record LegitimateResult(long Successes, long Errors, TimeSpan Window, double P50Milliseconds, double P99Milliseconds,
    double MaxMilliseconds, string ErrorKinds, string? FirstError)
{
    public double PerSecond => Successes / Window.TotalSeconds;
}
