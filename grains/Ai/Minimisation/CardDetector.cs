using System.Buffers;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Payment card numbers: 14–19 digits, optionally grouped by spaces or dashes, Luhn-valid, in a known issuer range
/// with that issuer's length. Removed outright.
/// </summary>
public sealed partial class CardDetector : IEntityDetector
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(" -");

    public void Detect(string text, List<MinimisedSpan> found)
    {
        // A card number is a group of 14 digits or more, each separated by at most one space or dash.
        if (!TextShape.HasDigitGroup(text, 14, 1, Separators))
        {
            return;
        }

        Span<byte> digits = stackalloc byte[19];
        foreach (var match in Candidate().EnumerateMatches(text))
        {
            var count = 0;
            foreach (var ch in text.AsSpan(match.Index, match.Length))
            {
                if (char.IsAsciiDigit(ch))
                {
                    if (count == digits.Length)
                    {
                        count = 0;
                        break;
                    }

                    digits[count++] = (byte)(ch - '0');
                }
            }

            if (count > 0 && IsCardNumber(digits[..count]))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Card));
            }
        }
    }

    /// <summary>Whether <paramref name="digits"/> pass the Luhn check and fall in a known issuer range with its length.</summary>
    public static bool IsCardNumber(ReadOnlySpan<byte> digits) => HasIssuerLength(digits) && Luhn(digits);

    /// <summary>The Luhn (mod 10) check: doubling every second digit from the right, the sum is a multiple of ten.</summary>
    public static bool Luhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        for (int i = digits.Length - 1, position = 0; i >= 0; i--, position++)
        {
            var d = digits[i];
            if (position % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    private static bool HasIssuerLength(ReadOnlySpan<byte> d)
    {
        var length = d.Length;
        var two = (d[0] * 10) + d[1];
        var four = (two * 100) + (d[2] * 10) + d[3];
        return d[0] switch
        {
            4 => length is 16 or 19, // Visa (13-digit numbers are retired; EANs start with 40–44)
            5 => two is >= 51 and <= 55 && length == 16, // Mastercard
            2 => four is >= 2221 and <= 2720 && length == 16, // Mastercard 2-series
            3 => (two is 34 or 37 && length == 15) // American Express
                 || (four is >= 3528 and <= 3589 && length is >= 16 and <= 19) // JCB
                 || (two is 36 or 38 or 39 && length is >= 14 and <= 19) || (two == 30 && length is >= 14 and <= 19), // Diners
            6 => ((four == 6011 || two == 65 || (four / 10) is >= 644 and <= 649) && length is >= 16 and <= 19) // Discover
                 || (two == 62 && length is >= 16 and <= 19), // UnionPay
            _ => false,
        };
    }

    [GeneratedRegex(@"(?<![\w.,\-])\d(?:[ \-]?\d){13,18}(?![\w\-]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
