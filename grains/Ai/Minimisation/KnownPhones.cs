using System.Collections.Concurrent;
using PhoneNumbers;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// A conversation's known phone numbers, found in a text in any spelling by their digits (+44 7700 900123,
/// 07700900123 and (0)7700-900-123 alike): each as its national significant number and the prefixes it may be written with.
/// </summary>
internal sealed class KnownPhones
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private static readonly string[] CountryCodes = ["44", "1", "49", "33", "353", "34", "39", "31"];
    private static readonly string[] NationalPrefixes = Prefixes(CountryCodes);
    private static readonly ConcurrentDictionary<string, string[]> InternationalPrefixes = new(StringComparer.Ordinal);

    private readonly List<(string NationalNumber, string[] Prefixes)> _phones = [];

    public bool IsEmpty => _phones.Count == 0;

    /// <summary>
    /// A known phone as its national significant number (digits, without the country code or the trunk 0) and the
    /// prefixes it may be written with. Worked out from the digits alone, without a parse, so a scope begins cheaply.
    /// </summary>
    public void Add(string value)
    {
        var trimmed = value.TrimStart();
        var digits = Digits(value);
        var international = trimmed.StartsWith('+') || trimmed.StartsWith("00", StringComparison.Ordinal);
        if (trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        string[] prefixes = NationalPrefixes;
        var italian = false;
        var national = digits;
        if (international)
        {
            prefixes = ["0", "1", string.Empty];
            for (var length = 1; length <= 3 && length < digits.Length; length++)
            {
                var code = digits[..length];
                if (Numbers.GetRegionCodeForCountryCode(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)) != "ZZ")
                {
                    // At most one entry per country code, so the cache stays small.
                    prefixes = InternationalPrefixes.GetOrAdd(code, static c => Prefixes([c]));
                    italian = code == "39";
                    national = digits[length..];
                    break;
                }
            }
        }
        else if (digits.Length == 11 && digits[0] == '1')
        {
            national = digits[1..];
        }

        // The trunk 0 ("+44 (0)7700", "07700") is not part of the number, except in Italy where it is dialled from abroad too.
        if (national.StartsWith('0') && !italian)
        {
            national = national.TrimStart('0');
        }

        if (national.Length >= 6)
        {
            _phones.Add((national, prefixes));
        }
    }

    /// <summary>The prefixes a number may be written with before its national significant number, longest first.</summary>
    private static string[] Prefixes(string[] codes)
    {
        var prefixes = new List<string>();
        foreach (var code in codes)
        {
            prefixes.AddRange(["00" + code + "0", code + "0", "00" + code, code]);
        }

        prefixes.AddRange(["0", "1", string.Empty]);

        // Longest first, keeping the order among equal lengths (the search takes the first that fits).
        return [.. prefixes.OrderByDescending(p => p.Length)];
    }

    private static string Digits(string value)
    {
        Span<char> buffer = value.Length <= 64 ? stackalloc char[value.Length] : new char[value.Length];
        var count = 0;
        foreach (var ch in value)
        {
            if (char.IsAsciiDigit(ch))
            {
                buffer[count++] = ch;
            }
        }

        return new string(buffer[..count]);
    }

    public void Find(string text, List<MinimisedSpan> found)
    {
        Span<char> digits = stackalloc char[32];
        Span<int> positions = stackalloc int[32];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                var next = text.AsSpan(i).IndexOfAnyInRange('0', '9');
                if (next < 0)
                {
                    break;
                }

                i += next;
            }

            // One run: digits separated by at most two of " -.()/".
            var count = 0;
            var j = i;
            while (j < text.Length && count < digits.Length)
            {
                if (char.IsAsciiDigit(text[j]))
                {
                    digits[count] = text[j];
                    positions[count++] = j++;
                    continue;
                }

                var k = j;
                while (k < text.Length && k - j < 2 && text[k] is ' ' or '-' or '.' or '(' or ')' or '/')
                {
                    k++;
                }

                if (k == j || k >= text.Length || !char.IsAsciiDigit(text[k]))
                {
                    break;
                }

                j = k;
            }

            MatchRun(text, digits[..count], positions[..count], found);
            i = count > 0 ? positions[count - 1] + 1 : j + 1;
        }
    }

    private void MatchRun(string text, ReadOnlySpan<char> digits, ReadOnlySpan<int> positions, List<MinimisedSpan> found)
    {
        foreach (var (national, prefixes) in _phones)
        {
            var offset = 0;
            while (offset < digits.Length)
            {
                var at = digits[offset..].IndexOf(national.AsSpan());
                if (at < 0)
                {
                    break;
                }

                at += offset;
                var first = at;
                foreach (var prefix in prefixes)
                {
                    if (prefix.Length <= at && digits[..at].EndsWith(prefix.AsSpan()))
                    {
                        first = at - prefix.Length;
                        break;
                    }
                }

                var start = positions[first];
                while (start > 0 && text[start - 1] is '+' or '(')
                {
                    start--;
                }

                var end = positions[at + national.Length - 1] + 1;
                found.Add(new MinimisedSpan(start, end - start, EntityKind.Phone));
                offset = at + national.Length;
            }
        }
    }
}
