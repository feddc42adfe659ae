using System.Globalization;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>Number formatting and small statistics for the tables (invariant culture throughout).</summary>
public static class Format
{
    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Milliseconds(double value) => double.IsNaN(value) ? "–" : value.ToString("F2", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>A load share such as other processes' CPU, e.g. <c>3 %</c>; <c>?</c> when unknown.</summary>
    public static string Load(double percent) => double.IsNaN(percent) ? "?" : percent.ToString("F0", CultureInfo.InvariantCulture) + " %";

    public static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "×";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
