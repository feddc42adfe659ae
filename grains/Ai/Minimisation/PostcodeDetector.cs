using System.Buffers;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Postcodes: UK postcodes and Irish Eircodes by their full pattern anywhere; US ZIP and ZIP+4 codes only after a
/// state code or a zip word; German, French, Spanish, Italian (five digits) and Dutch (four digits and two letters)
/// codes only in address context — after a comma, a line break or a postcode word and before a capitalised place
/// name — because a bare five-digit number is far more often a quantity, a price or an order number.
/// </summary>
public sealed partial class PostcodeDetector : IEntityDetector
{
    /// <summary>Every word the US pattern takes instead of a state code contains one of these (ignoring case).</summary>
    private static readonly SearchValues<string> ZipWords = SearchValues.Create(["zip", "postal"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Every label the labelled pattern knows contains one of these (ignoring case).</summary>
    private static readonly SearchValues<string> Labels =
        SearchValues.Create(["post", "plz", "code", "cp", "cap", "código"], StringComparison.OrdinalIgnoreCase);

    public void Detect(string text, List<MinimisedSpan> found)
    {
        // Cheap prefilters, one per pattern, each a condition the pattern cannot match without.
        var (inward, eircode) = PostcodeShape.UkOrIrish(text);
        if (inward)
        {
            foreach (var match in UnitedKingdom().EnumerateMatches(text))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Postcode));
            }
        }

        if (eircode)
        {
            foreach (var match in Eircode().EnumerateMatches(text))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Postcode));
            }
        }

        // The others take a run of four or five digits (US: exactly five).
        var runs = TextShape.DigitRunLengths(text);
        if (!TextShape.HasRun(runs, 4, 5))
        {
            return;
        }

        if (TextShape.HasRun(runs, 5, 5) && (text.AsSpan().IndexOfAny(ZipWords) >= 0 || StateCodeBeforeFiveDigits(text)))
        {
            AddGroup(UnitedStates(), text, found);
        }

        AddContinental(text, found);

        if (text.AsSpan().IndexOfAny(Labels) >= 0)
        {
            AddGroup(Labelled(), text, found);
        }
    }

    /// <summary>
    /// Whether a run of exactly five digits has, before it, whitespace (with an optional "." and ","
    /// before that) and two upper-case ASCII letters that begin a word: where a state code can precede a ZIP code.
    /// </summary>
    private static bool StateCodeBeforeFiveDigits(string text)
    {
        var span = text.AsSpan();
        for (var at = span.IndexOfAnyInRange('0', '9'); at >= 0;)
        {
            var run = span[at..].IndexOfAnyExceptInRange('0', '9');
            var length = run < 0 ? span.Length - at : run;
            if (length == 5)
            {
                var i = at - 1;
                var spaces = 0;
                while (i >= 0 && char.IsWhiteSpace(span[i]))
                {
                    i--;
                    spaces++;
                }

                if (spaces > 0 && i >= 0 && span[i] == ',')
                {
                    i--;
                }

                if (spaces > 0 && i >= 0 && span[i] == '.')
                {
                    i--;
                }

                if (spaces > 0 && i >= 1 && char.IsAsciiLetterUpper(span[i]) && char.IsAsciiLetterUpper(span[i - 1]))
                {
                    return true;
                }
            }

            if (run < 0)
            {
                break;
            }

            var next = span[(at + length)..].IndexOfAnyInRange('0', '9');
            at = next < 0 ? -1 : at + length + next;
        }

        return false;
    }

    /// <summary>
    /// The continental pattern, tried only where it can begin: at the start of the text, of a line or after a comma,
    /// where spaces and an optional country prefix ("D-", "NL-") are followed by a digit.
    /// </summary>
    private static void AddContinental(string text, List<MinimisedSpan> found)
    {
        for (var start = 0; start >= 0 && start < text.Length;)
        {
            var i = start;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            var dash = text.AsSpan(i, Math.Min(4, text.Length - i)).IndexOf('-');
            if ((i < text.Length && char.IsAsciiDigit(text[i])) || (dash > 0 && i + dash + 1 < text.Length && char.IsAsciiDigit(text[i + dash + 1])))
            {
                var code = Continental().Match(text, start).Groups[1];
                if (code.Success)
                {
                    found.Add(new MinimisedSpan(code.Index, code.Length, EntityKind.Postcode));
                }
            }

            var next = text.AsSpan(start).IndexOfAny(',', '\n');
            start = next < 0 ? -1 : start + next + 1;
        }
    }

    private static void AddGroup(Regex regex, string text, List<MinimisedSpan> found)
    {
        for (var match = regex.Match(text); match.Success; match = match.NextMatch())
        {
            var code = match.Groups[1];
            found.Add(new MinimisedSpan(code.Index, code.Length, EntityKind.Postcode));
        }
    }

    [GeneratedRegex(@"(?<![\w\-])(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w\-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex UnitedKingdom();

    [GeneratedRegex(@"(?<![\w\-])(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}(?![\w\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Eircode();

    [GeneratedRegex(@"(?:\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\.?,?\s+|\b(?i:zip(?:\s*code)?|postal\s+code)\s*[:#]?\s*)([0-9]{5}(?:-[0-9]{4})?)(?![\w\-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex UnitedStates();

    // Anchored (\G) where AddContinental starts it: the start of the text, of a line or just after a comma.
    [GeneratedRegex(@"\G[ \t]*(?:(?:D|F|E|I|NL)-)?([0-9]{5}|[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2})[ \t]+\p{Lu}\p{Ll}+", RegexOptions.CultureInvariant)]
    private static partial Regex Continental();

    [GeneratedRegex(@"\b(?i:post\s*code|postcode|plz|postleitzahl|code\s+postal|cp|código\s+postal|cap|postcode)\s*[:#]?\s*([0-9]{5}|[1-9][0-9]{3} ?[A-Z]{2}|[0-9]{4})(?![\w\-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Labelled();
}
