using System.Buffers;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Cheap, allocation-free conditions a UK postcode or an Eircode cannot match without, so <see cref="PostcodeDetector"/>
/// runs those patterns only on texts that have one. Each condition is looser than its pattern: a letter, a digit, '_'
/// or '-' is never a boundary for either.
/// </summary>
internal static class PostcodeShape
{
    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Whether an inward code can end a UK postcode ("NW1 6XE": a digit and two upper-case ASCII letters at the end of a
    /// word, after the outward code's last letter or digit directly or across one space), and whether an Eircode's routing
    /// key can begin one ("D02 X285": an upper-case ASCII letter starting a word and two digits, then, across an
    /// optional space, four ASCII letters or digits ending a word; or "D6W" anywhere).
    /// </summary>
    public static (bool Inward, bool Eircode) UkOrIrish(ReadOnlySpan<char> text)
    {
        bool inward = false, eircode = text.Contains("D6W", StringComparison.Ordinal);
        // Run by run of digits: an inward code's digit ends one, an Eircode's routing key digits begin one.
        for (var first = text.IndexOfAnyInRange('0', '9'); first >= 0 && !(inward && eircode);)
        {
            var run = text[first..].IndexOfAnyExceptInRange('0', '9');
            var end = run < 0 ? text.Length : first + run; // just after the run
            inward = inward || InwardAt(text, end - 1);
            eircode = eircode || EircodeAt(text, first);
            var next = run < 0 ? -1 : text[end..].IndexOfAnyInRange('0', '9');
            first = next < 0 ? -1 : end + next;
        }

        return (inward, eircode);
    }

    /// <summary>Whether the digit at <paramref name="at"/> begins an inward code after an outward code.</summary>
    private static bool InwardAt(ReadOnlySpan<char> text, int at) =>
        at + 2 < text.Length && char.IsAsciiLetterUpper(text[at + 1]) && char.IsAsciiLetterUpper(text[at + 2]) && EndsWord(text, at + 3)
        && at >= 1 && (char.IsAsciiLetterOrDigit(text[at - 1]) || (text[at - 1] == ' ' && at >= 2 && char.IsAsciiLetterOrDigit(text[at - 2])));

    /// <summary>Whether the digit at <paramref name="at"/> is the first of an Eircode routing key's two digits.</summary>
    private static bool EircodeAt(ReadOnlySpan<char> text, int at)
    {
        if (at < 1 || !char.IsAsciiLetterUpper(text[at - 1]) || !StartsWord(text, at - 1) || at + 1 >= text.Length || !char.IsAsciiDigit(text[at + 1]))
        {
            return false;
        }

        var unique = at + 2 < text.Length && text[at + 2] == ' ' ? at + 3 : at + 2;
        return unique + 4 <= text.Length && !text.Slice(unique, 4).ContainsAnyExcept(AsciiLettersAndDigits) && EndsWord(text, unique + 4);
    }

    private static bool StartsWord(ReadOnlySpan<char> text, int at) => at == 0 || !IsWordOrDash(text[at - 1]);

    private static bool EndsWord(ReadOnlySpan<char> text, int at) => at >= text.Length || !IsWordOrDash(text[at]);

    private static bool IsWordOrDash(char ch) => char.IsLetterOrDigit(ch) || ch is '_' or '-';
}
