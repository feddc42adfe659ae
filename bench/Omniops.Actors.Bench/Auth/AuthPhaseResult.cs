namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// One phase of the bad-key part: the legitimate caller's window beside a flood of <see cref="FloodConnections"/>
/// connections (0: unflooded), what the flood got, the machine's busy share of all cores and other processes' share
/// meanwhile (warm-up included).
/// </summary>
public sealed record AuthPhaseResult(int Round, int FloodConnections, LegitimateResult Legitimate, FloodResult Flood,
    double MachineBusyPercent, double OtherLoadPercent);
