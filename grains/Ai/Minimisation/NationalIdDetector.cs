using System.Buffers;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// National identifiers: UK National Insurance numbers (HMRC's prefix rules: no D, F, I, Q, U or V; O not second;
/// not BG, GB, KN, NK, NT, TN or ZZ; suffix A–D) and US Social Security numbers written with dashes (area not 000,
/// 666 or 9xx; group not 00; serial not 0000).
/// </summary>
public sealed partial class NationalIdDetector : IEntityDetector
{
    private static readonly SearchValues<char> Space = SearchValues.Create(" ");

    public void Detect(string text, List<MinimisedSpan> found)
    {
        // A National Insurance number has six digits, separated by at most single spaces; a Social Security number is
        // written 123-45-6789.
        if (TextShape.HasDigitGroup(text, 6, 1, Space))
        {
            foreach (var match in Insurance().EnumerateMatches(text))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.NationalId));
            }
        }

        if (!HasSocialSecurityShape(text))
        {
            return;
        }

        foreach (var match in SocialSecurity().EnumerateMatches(text))
        {
            found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.NationalId));
        }
    }

    /// <summary>Whether <paramref name="text"/> holds three digits, a dash, two digits, a dash and four digits (every Social Security number's shape).</summary>
    private static bool HasSocialSecurityShape(ReadOnlySpan<char> text)
    {
        for (var at = text.IndexOf('-'); at >= 0;)
        {
            if (at >= 3 && at + 7 < text.Length && text[at + 3] == '-'
                && IsDigits(text.Slice(at - 3, 3)) && IsDigits(text.Slice(at + 1, 2)) && IsDigits(text.Slice(at + 4, 4)))
            {
                return true;
            }

            var next = text[(at + 1)..].IndexOf('-');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');

    [GeneratedRegex(@"(?<![\w\-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![\w\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Insurance();

    [GeneratedRegex(@"(?<![\w\-])(?!000|666|9)[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![\w\-])", RegexOptions.CultureInvariant)]
    private static partial Regex SocialSecurity();
}
