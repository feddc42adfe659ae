namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// <see cref="char.ToUpperInvariant(char)"/> from a table of the Basic Multilingual Plane, worked out once from the
/// runtime's own case mapping. Every non-ASCII character the runtime maps one at a time goes to ICU; support text is
/// full of them (’, –, £, €, accented names), and the minimiser asks at every word start and for every normalised
/// value, so the answer is looked up rather than asked for again. The same answers, character for character.
/// </summary>
internal static class InvariantUpper
{
    private static readonly char[] Table = Build();

    /// <summary>The invariant upper case of <paramref name="ch"/>.</summary>
    public static char Of(char ch) => Table[ch];

    private static char[] Build()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            table[i] = char.ToUpperInvariant((char)i);
        }

        return table;
    }
}
