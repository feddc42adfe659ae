using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>IBANs in any spacing: a country's IBAN length and a valid ISO 13616 mod-97 check.</summary>
public sealed partial class IbanDetector : IEntityDetector
{
    private static readonly Dictionary<string, int> Lengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31,
        ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
    };

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ByCountry = Lengths.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Detect(string text, List<MinimisedSpan> found)
    {
        Span<char> iban = stackalloc char[34];
        foreach (var match in Candidate().EnumerateMatches(text))
        {
            if (!ByCountry.TryGetValue(text.AsSpan(match.Index, 2), out var length))
            {
                continue;
            }

            // Take exactly the country's length of letters and digits, whatever spacing separates them.
            var count = 0;
            var end = match.Index;
            for (var i = match.Index; i < match.Index + match.Length && count < length; i++)
            {
                var ch = text[i];
                if (char.IsAsciiLetterOrDigit(ch))
                {
                    iban[count++] = InvariantUpper.Of(ch);
                    end = i + 1;
                }
            }

            var after = end < text.Length ? text[end] : ' ';
            if (count == length && !char.IsAsciiLetterOrDigit(after) && IsValid(iban[..count]))
            {
                found.Add(new MinimisedSpan(match.Index, end - match.Index, EntityKind.Iban));
            }
        }
    }

    /// <summary>The ISO 13616 check: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1.</summary>
    public static bool IsValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var ch = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(ch))
            {
                remainder = ((remainder * 10) + (ch - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(ch))
            {
                remainder = ((remainder * 100) + (ch - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Za-z0-9]){11,30}", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
