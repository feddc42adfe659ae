using PhoneNumbers;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Finds a conversation's known values in a text: word-bounded and case-insensitive, whatever spacing or punctuation
/// separates their words ("Ann" does not match "Annual"; "NW1 6XE" matches "NW16XE"); the customer's name also by
/// each of its parts; an address also by each of its lines; an order or tracking number with or without a leading
/// '#'; a phone number in any spelling, by its digits (+44 7700 900123, 07700900123 and (0)7700-900-123 alike).
/// </summary>
internal sealed class KnownValues
{
    private const int MaxGap = 3;
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private static readonly string[] CountryCodes = ["44", "1", "49", "33", "353", "34", "39", "31"];
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "de", "da", "di", "do", "du", "del", "della", "der", "den", "van", "von", "la", "le", "el", "al", "bin", "ter", "mr", "mrs", "ms", "dr",
    };

    private readonly List<(string[] Tokens, EntityKind Kind)> _patterns = [];
    private readonly List<(string NationalNumber, string[] Prefixes)> _phones = [];

    public KnownValues(IEnumerable<KnownEntity> known)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in known)
        {
            if (string.IsNullOrWhiteSpace(entity.Value))
            {
                continue;
            }

            switch (entity.Kind)
            {
                case EntityKind.Phone:
                    AddPhone(entity.Value);
                    break;
                case EntityKind.Customer:
                    Add(entity.Value, entity.Kind, seen);
                    var parts = entity.Value.Split((char[])[' ', '\t', '\n', ','], StringSplitOptions.RemoveEmptyEntries);
                    for (var i = 0; i < parts.Length; i++)
                    {
                        if (!Particles.Contains(parts[i]))
                        {
                            if (parts[i].Count(char.IsLetter) >= 2)
                            {
                                Add(parts[i], entity.Kind, seen);
                            }
                        }
                        else if (i + 1 < parts.Length)
                        {
                            // "van Dijk", "de Vries": the particle goes with the part after it, never alone.
                            Add($"{parts[i]} {parts[i + 1]}", entity.Kind, seen);
                        }
                    }

                    break;
                case EntityKind.Address:
                    Add(entity.Value, entity.Kind, seen);
                    foreach (var line in entity.Value.Split((char[])[',', '\n', ';'], StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (line.Count(char.IsLetterOrDigit) >= 3)
                        {
                            Add(line, entity.Kind, seen);
                        }
                    }

                    break;
                default:
                    Add(entity.Value, entity.Kind, seen);
                    break;
            }
        }

        // Longer values first, so a full name is chosen over its parts when both start at the same place.
        _patterns.Sort((a, b) => Length(b.Tokens).CompareTo(Length(a.Tokens)));
    }

    public bool IsEmpty => _patterns.Count == 0 && _phones.Count == 0;

    public void Find(string text, List<MinimisedSpan> found)
    {
        foreach (var (tokens, kind) in _patterns)
        {
            FindPattern(text, tokens, kind, found);
        }

        if (_phones.Count > 0)
        {
            FindPhones(text, found);
        }
    }

    private void Add(string value, EntityKind kind, HashSet<string> seen)
    {
        var tokens = Tokens(value);
        if (tokens.Length > 0 && seen.Add($"{(int)kind}:{string.Join(' ', tokens)}"))
        {
            _patterns.Add((tokens, kind));
        }
    }

    private static int Length(string[] tokens)
    {
        var length = 0;
        foreach (var token in tokens)
        {
            length += token.Length;
        }

        return length;
    }

    private static string[] Tokens(string value)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var inside = i < value.Length && char.IsLetterOrDigit(value[i]);
            if (inside && start < 0)
            {
                start = i;
            }
            else if (!inside && start >= 0)
            {
                tokens.Add(value[start..i]);
                start = -1;
            }
        }

        return [.. tokens];
    }

    private static void FindPattern(string text, string[] tokens, EntityKind kind, List<MinimisedSpan> found)
    {
        var first = tokens[0];
        for (var index = text.IndexOf(first, StringComparison.OrdinalIgnoreCase); index >= 0;
             index = index + 1 < text.Length ? text.IndexOf(first, index + 1, StringComparison.OrdinalIgnoreCase) : -1)
        {
            if (index > 0 && char.IsLetterOrDigit(text[index - 1]))
            {
                continue;
            }

            var end = Follow(text, index + first.Length, tokens);
            if (end < 0 || (end < text.Length && char.IsLetterOrDigit(text[end])))
            {
                continue;
            }

            // An order or tracking number written with a leading '#' (or "No.") takes the mark with it.
            var start = index;
            if (kind is EntityKind.Order or EntityKind.Tracking && start > 0 && text[start - 1] == '#')
            {
                start--;
            }

            found.Add(new MinimisedSpan(start, end - start, kind));
        }
    }

    /// <summary>Where the rest of <paramref name="tokens"/> ends when they follow at <paramref name="position"/> with short gaps between, or -1.</summary>
    private static int Follow(string text, int position, string[] tokens)
    {
        for (var t = 1; t < tokens.Length; t++)
        {
            var gap = 0;
            while (gap < MaxGap && position < text.Length && !char.IsLetterOrDigit(text[position]))
            {
                position++;
                gap++;
            }

            if (!text.AsSpan(position).StartsWith(tokens[t], StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }

            position += tokens[t].Length;
        }

        return position;
    }

    /// <summary>
    /// A known phone as its national significant number (digits, without the country code or the trunk 0) and the
    /// prefixes it may be written with. Worked out from the digits alone, without a parse, so a scope begins cheaply.
    /// </summary>
    private void AddPhone(string value)
    {
        var trimmed = value.TrimStart();
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        var international = trimmed.StartsWith('+') || trimmed.StartsWith("00", StringComparison.Ordinal);
        if (trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        var codes = new List<string>();
        var national = digits;
        if (international)
        {
            for (var length = 1; length <= 3 && length < digits.Length; length++)
            {
                var code = digits[..length];
                if (Numbers.GetRegionCodeForCountryCode(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)) != "ZZ")
                {
                    codes.Add(code);
                    national = digits[length..];
                    break;
                }
            }
        }
        else
        {
            codes.AddRange(CountryCodes);
            if (digits.Length == 11 && digits[0] == '1')
            {
                national = digits[1..];
            }
        }

        // The trunk 0 ("+44 (0)7700", "07700") is not part of the number, except in Italy where it is dialled from abroad too.
        if (national.StartsWith('0') && !(codes.Count == 1 && codes[0] == "39"))
        {
            national = national.TrimStart('0');
        }

        var prefixes = new List<string>();
        foreach (var code in codes)
        {
            prefixes.AddRange(["00" + code + "0", code + "0", "00" + code, code]);
        }

        prefixes.AddRange(["0", "1", ""]);
        if (national.Length >= 6)
        {
            _phones.Add((national, [.. prefixes.OrderByDescending(p => p.Length)]));
        }
    }

    private void FindPhones(string text, List<MinimisedSpan> found)
    {
        Span<char> digits = stackalloc char[32];
        Span<int> positions = stackalloc int[32];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
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
