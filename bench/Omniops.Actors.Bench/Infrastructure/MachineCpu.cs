using System.Globalization;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// CPU accounting from <c>/proc</c>: the whole machine's busy time (user, nice, system, irq, softirq, steal), and the
/// CPU time of the other user processes on the machine, to tell the benchmark's own load from other work on a shared
/// machine. Null where <c>/proc</c> does not exist.
/// </summary>
public static class MachineCpu
{
    private const double MicrosecondsPerJiffy = 10_000; // USER_HZ = 100 on Linux
    private const int KernelThreadDaemon = 2;

    public static double? BusyMicroseconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) * MicrosecondsPerJiffy;
    }

    /// <summary>
    /// CPU time (user + system, plus that of reaped children) of every user process except this one, its descendants (the
    /// silo and gateway processes it started; the browser driver and chromium's processes under it) and PostgreSQL's (command name <c>postgres</c>: the benchmark's own server), keyed by pid and start time. Kernel threads (the
    /// kernel's own I/O and network work on the benchmark's behalf) are left out. Null without <c>/proc</c>.
    /// </summary>
    public static Dictionary<(int Pid, long Started), long>? OtherProcessJiffies()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return null;
        }

        var self = Environment.ProcessId;
        var processes = new Dictionary<(int, long), long>();
        var parents = new Dictionary<int, int>();
        var stats = new List<(int Pid, int Parent, long Started, long Jiffies)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
                pid == self || pid == KernelThreadDaemon)
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }

            // "pid (comm) state ppid ... utime stime cutime cstime ... starttime": after the command name, [1] is the
            // parent, [11]..[14] the CPU times and [19] the start time.
            var close = stat.LastIndexOf(')');
            var command = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            parents[pid] = parent;
            if (command == "postgres" || parent == KernelThreadDaemon)
            {
                continue;
            }

            stats.Add((pid, parent, long.Parse(fields[19], CultureInfo.InvariantCulture), Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture))));
        }

        // A descendant of this process is the benchmark's own (the silo and gateway processes of scale and soak, the
        // inbox benchmark's browser): its parent chain reaches this process.
        foreach (var (pid, parent, started, jiffies) in stats)
        {
            var ancestor = parent;
            for (var depth = 0; depth < 64 && ancestor > 1 && ancestor != self; depth++)
            {
                ancestor = parents.GetValueOrDefault(ancestor, 1);
            }

            if (ancestor != self)
            {
                processes[(pid, started)] = jiffies;
            }
        }

        return processes;
    }

    /// <summary>The CPU time other processes spent between two <see cref="OtherProcessJiffies"/> snapshots, in µs.</summary>
    public static double OtherProcessMicroseconds(Dictionary<(int Pid, long Started), long> before, Dictionary<(int Pid, long Started), long> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key)) * MicrosecondsPerJiffy;
}
