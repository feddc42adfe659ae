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

    /// <summary>
    /// Waits until the JIT has compiled nothing for <paramref name="quiet"/> (at most <paramref name="limit"/>): the
    /// background tier-ups that untimed work just before queued (tiering waits 100 ms, then compiles in batches)
    /// otherwise land in the timed run that follows.
    /// </summary>
    public static async Task WaitQuietAsync(TimeSpan quiet, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = JitInfo.GetCompiledMethodCount();
        var since = clock.Elapsed;
        while (clock.Elapsed - since < quiet && clock.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25));
            var now = JitInfo.GetCompiledMethodCount();
            if (now != last)
            {
                (last, since) = (now, clock.Elapsed);
            }
        }
    }
}
