using System.Diagnostics;
using System.Globalization;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>Progress lines on standard error (the report on standard output stays clean markdown).</summary>
public static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Report(string message) =>
        Console.Error.WriteLine($"[{Clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),6} s] {message}");
}
