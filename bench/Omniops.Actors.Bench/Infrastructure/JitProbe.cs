using System.Runtime;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// How much the JIT compiled in this process since a point (<see cref="JitInfo"/>: every thread, tier-ups included).
/// Tiered compilation keeps recompiling hot methods for thousands of requests after a process starts (tier 0, then
/// instrumented, then optimized), on the same cores as the work measured: a benchmark that means the steady state of
/// a long-running silo warms up until this falls quiet, and reports it for every measured round.
/// </summary>
public readonly record struct JitProbe(long Methods, TimeSpan Time)
{
    public static JitProbe Start() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    /// <summary>Methods compiled since the start.</summary>
    public long MethodsSince => JitInfo.GetCompiledMethodCount() - Methods;

    /// <summary>Compile time since the start (every thread), in ms.</summary>
    public double MillisecondsSince => (JitInfo.GetCompilationTime() - Time).TotalMilliseconds;
}
