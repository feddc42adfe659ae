using System.Globalization;

namespace Omniops.Actors.Client.Web;

/// <summary>Durations in plain words for the operations pages: "30 days", "4 min 10 s".</summary>
public static class Durations
{
    public static string Retention(TimeSpan span) => span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0
        ? Plural((long)span.TotalDays, "day")
        : Response(span.TotalSeconds);

    public static string Response(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "—";
        }

        var span = TimeSpan.FromSeconds(Math.Round(Math.Max(0, s)));
        return span.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{span.Seconds} s")
            : span.TotalHours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds} s")
            : span.TotalDays < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    private static string Plural(long n, string unit) => string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
}
