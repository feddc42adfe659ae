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
    public void Detect(string text, List<MinimisedSpan> found)
    {
        foreach (var match in UnitedKingdom().EnumerateMatches(text))
        {
            found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Postcode));
        }

        foreach (var match in Eircode().EnumerateMatches(text))
        {
            found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Postcode));
        }

        AddGroup(UnitedStates(), text, found);
        AddGroup(Continental(), text, found);
        AddGroup(Labelled(), text, found);
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

    [GeneratedRegex(@"(?:,|\n|^)[ \t]*(?:(?:D|F|E|I|NL)-)?([0-9]{5}|[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2})[ \t]+\p{Lu}\p{Ll}+", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Continental();

    [GeneratedRegex(@"\b(?i:post\s*code|postcode|plz|postleitzahl|code\s+postal|cp|código\s+postal|cap|postcode)\s*[:#]?\s*([0-9]{5}|[1-9][0-9]{3} ?[A-Z]{2}|[0-9]{4})(?![\w\-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Labelled();
}
