namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// The characters of the Basic Multilingual Plane that OrdinalIgnoreCase treats as one (those with the same invariant
/// upper case: 'i', 'I' and 'ı'; 's', 'S' and 'ſ'), worked out once from the runtime's own case mapping.
/// </summary>
internal static class CaseVariants
{
    private static readonly Dictionary<char, char[]> ByUpper = Build();

    /// <summary>Every character whose invariant upper case is <paramref name="upper"/>'s, itself included.</summary>
    public static char[] Of(char upper) => ByUpper.TryGetValue(InvariantUpper.Of(upper), out var variants) ? variants : [upper];

    private static Dictionary<char, char[]> Build()
    {
        var groups = new Dictionary<char, List<char>>();
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var ch = (char)i;
            if (char.IsSurrogate(ch))
            {
                continue;
            }

            var upper = InvariantUpper.Of(ch);
            if (upper == ch && char.ToLowerInvariant(ch) == ch)
            {
                continue; // no case: only itself
            }

            if (!groups.TryGetValue(upper, out var group))
            {
                groups[upper] = group = [];
            }

            group.Add(ch);
        }

        var byUpper = new Dictionary<char, char[]>(groups.Count);
        foreach (var (upper, group) in groups)
        {
            if (!group.Contains(upper))
            {
                group.Add(upper);
            }

            byUpper[upper] = [.. group];
        }

        return byUpper;
    }
}
