using System.Globalization;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// The CPU time the calling thread has used (user + system, from /proc/thread-self/stat in clock ticks of 10 ms):
/// what one core spent on the work, whatever else the machine and the process's GC threads did meanwhile. NaN without /proc.
/// </summary>
public static class ThreadCpu
{
    private const double SecondsPerTick = 0.01;

    public static double Seconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            // Fields after the parenthesised command: state is field 3, utime 14 and stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * SecondsPerTick;
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
