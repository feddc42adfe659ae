using System.Buffers;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Phone numbers of the UK, the US and the EU countries served (DE, FR, IE, ES, IT, NL) by their numbering plans
/// (libphonenumber: valid in a region served, or possible when written with its country code). A cheap pattern picks candidate digit runs first;
/// only those go to libphonenumber. A run with more than 15 digits (E.164's maximum), a date, or a bare run of
/// digits with neither an international or trunk prefix nor a phone word before it is not a phone number, so SKUs,
/// prices, order numbers, dates and long references stay.
/// </summary>
public sealed partial class PhoneDetector : IEntityDetector
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private static readonly SearchValues<char> Separators = SearchValues.Create(" -.()/");

    public void Detect(string text, List<MinimisedSpan> found)
    {
        // A candidate is a group of seven digits or more, each separated by at most three of " -.()/" ("(020) - 7946").
        if (!TextShape.HasDigitGroup(text, 7, 3, Separators))
        {
            return;
        }

        foreach (var match in Candidate().EnumerateMatches(text))
        {
            var candidate = text.AsSpan(match.Index, match.Length);
            var digits = 0;
            var separated = false;
            foreach (var ch in candidate)
            {
                if (char.IsAsciiDigit(ch))
                {
                    digits++;
                }
                else if (ch != '+')
                {
                    separated = true;
                }
            }

            if (digits is < 7 or > 15 || Date().IsMatch(candidate))
            {
                continue;
            }

            var international = candidate[0] == '+' || candidate.StartsWith("00");
            var trunk = candidate[0] == '0' || candidate.StartsWith("(0");
            if (!international && !trunk && !separated && !PhoneWordBefore(text, match.Index))
            {
                continue;
            }

            if (IsValid(candidate, international))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Phone));
            }
        }
    }

    /// <summary>
    /// Whether the candidate is a phone number: written with its country code, one that is possible for that
    /// country's plan; otherwise valid in a region served whose national length it has (the length filter leaves most
    /// non-phone digit runs without a single libphonenumber call).
    /// </summary>
    private static bool IsValid(ReadOnlySpan<char> candidate, bool international)
    {
        Span<char> buffer = stackalloc char[16];
        var count = 0;
        foreach (var ch in candidate)
        {
            if (char.IsAsciiDigit(ch))
            {
                buffer[count++] = ch;
            }
        }

        var digits = buffer[..count];
        if (international)
        {
            try
            {
                return Numbers.IsPossibleNumber(Numbers.Parse(candidate.ToString(), "ZZ"));
            }
            catch (NumberParseException)
            {
                return false;
            }
        }

        if (digits[0] == '0')
        {
            return (count is 10 or 11 && IsValidIn(digits, "GB")) || (count == 10 && (IsValidIn(digits, "FR") || IsValidIn(digits, "NL")))
                || (count is >= 9 and <= 10 && IsValidIn(digits, "IE")) || (count is >= 6 and <= 13 && IsValidIn(digits, "DE"))
                || (count is >= 6 and <= 11 && IsValidIn(digits, "IT"));
        }

        return ((count == 10 || (count == 11 && digits[0] == '1')) && IsValidIn(digits, "US"))
            || (count == 9 && digits[0] >= '6' && IsValidIn(digits, "ES")) || (digits[0] == '3' && count is 9 or 10 && IsValidIn(digits, "IT"));
    }

    private static bool IsValidIn(ReadOnlySpan<char> digits, string region)
    {
        try
        {
            return Numbers.IsValidNumberForRegion(Numbers.Parse(digits.ToString(), region), region);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static bool PhoneWordBefore(string text, int index)
    {
        var start = Math.Max(0, index - 32);
        return PhoneWord().IsMatch(text.AsSpan(start, index - start));
    }

    [GeneratedRegex(@"(?<![\w+\-/.,:#€$£])(?:\+|00)?(?:\(0?\d{1,4}\)|\d)(?:[ \-.()/]{0,2}\d){6,18}(?![\w\-/]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    [GeneratedRegex(@"^\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"\b(?:phone|tel|telephone|mobile|cell|call|ring|text|whatsapp|sms|reach|contact|handy|téléphone|portable|móvil|cellulare|telefono|telefoon|nummer)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneWord();
}
