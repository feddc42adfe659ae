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
    private static readonly string[] Regions = ["GB", "US", "DE", "FR", "IE", "ES", "IT", "NL"];

    public void Detect(string text, List<MinimisedSpan> found)
    {
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

            if (IsValid(candidate.ToString(), international))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Phone));
            }
        }
    }

    private static bool IsValid(string candidate, bool international)
    {
        foreach (var region in Regions)
        {
            // A number written with its country code is a phone number by intent: possible (the right length for its
            // plan) is enough. A national one must be valid in one of the regions served.
            var leniency = international ? PhoneNumberUtil.Leniency.POSSIBLE : PhoneNumberUtil.Leniency.VALID;
            foreach (var number in Numbers.FindNumbers(candidate, region, leniency, long.MaxValue))
            {
                if (number.Length >= candidate.Length - 1)
                {
                    return true;
                }
            }

            if (international)
            {
                return false;
            }
        }

        return false;
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
