using System.Diagnostics;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// Measures, over an interval, how busy the machine was and how much CPU other user processes took meanwhile (neither
/// this process nor PostgreSQL; kernel threads left out): the load other users of a shared machine put on it, which
/// makes a run's numbers unrepresentative. A process that both starts and exits inside the interval is only seen
/// through its parent's reaped-children time.
/// </summary>
public sealed class CpuProbe
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly double? _machine = MachineCpu.BusyMicroseconds();
    private readonly Dictionary<(int Pid, long Started), long>? _others = MachineCpu.OtherProcessJiffies();
    private readonly TimeSpan _own = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Machine busy time since the start, in µs (NaN without /proc).</summary>
    public double MachineMicroseconds => (MachineCpu.BusyMicroseconds() - _machine) ?? double.NaN;

    /// <summary>This process's own CPU time since the start (every thread, user and kernel), in ms.</summary>
    public double OwnMilliseconds => (Process.GetCurrentProcess().TotalProcessorTime - _own).TotalMilliseconds;

    /// <summary>Share of all cores' capacity since the start used by other processes, in percent (NaN when unknown).</summary>
    public double OtherLoadPercent()
    {
        var now = MachineCpu.OtherProcessJiffies();
        var wall = Stopwatch.GetElapsedTime(_started).TotalMicroseconds * Environment.ProcessorCount;
        return _others is null || now is null ? double.NaN : MachineCpu.OtherProcessMicroseconds(_others, now) / wall * 100;
    }
}
