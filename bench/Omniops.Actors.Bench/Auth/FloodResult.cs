using Omniops.Actors.Bench.Infrastructure;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// What a flood got over its whole duration: answers by status code and failed exchanges by exception type
/// (<see cref="Outcomes"/>, most frequent first), and how long it ran.
/// </summary>
public sealed record FloodResult(IReadOnlyList<KeyValuePair<string, long>> Outcomes, TimeSpan Elapsed)
{
    public static readonly FloodResult None = new([], TimeSpan.Zero);

    public long Requests => Outcomes.Sum(o => o.Value);

    public double PerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;

    public long Count(string outcome) => Outcomes.FirstOrDefault(o => o.Key == outcome).Value;

    /// <summary>E.g. <c>401 ×12,345, 429 ×3</c>; <c>–</c> without any.</summary>
    public string Describe() => Outcomes.Count == 0 ? "–" : string.Join(", ", Outcomes.Select(o => $"{o.Key} ×{Format.Count(o.Value)}"));
}
