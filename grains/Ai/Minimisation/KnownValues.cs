using System.Collections.Concurrent;
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
    private static readonly string[] NationalPrefixes = Prefixes(CountryCodes);
    private static readonly ConcurrentDictionary<string, string[]> InternationalPrefixes = new(StringComparer.Ordinal);
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "de", "da", "di", "do", "du", "del", "della", "der", "den", "van", "von", "la", "le", "el", "al", "bin", "ter", "mr", "mrs", "ms", "dr",
    };

    private static readonly char[] NameSeparators = [' ', '\t', '\n', ','];
    private static readonly char[] LineSeparators = [',', '\n', ';'];

    private readonly List<(string[] Tokens, EntityKind Kind)> _patterns = [];
    private readonly List<(string NationalNumber, string[] Prefixes)> _phones = [];

    // The patterns by the invariant upper case of their first character (what OrdinalIgnoreCase compares), so one
    // pass over the text's word starts tries only the patterns that can begin there.
    private readonly Dictionary<char, (string[] Tokens, EntityKind Kind)[]> _byFirst = [];
    private readonly (string[] Tokens, EntityKind Kind)[] _all;

    // The ASCII characters a pattern can begin with, in every case OrdinalIgnoreCase equates, as a 128-bit mask: the
    // scan tries only those (and any non-ASCII character, whose bucket is looked up).
    private readonly ulong _startsLow;
    private readonly ulong _startsHigh;

    public KnownValues(IEnumerable<KnownEntity> known)
    {
        var seen = new HashSet<(EntityKind, string)>();
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
                    var parts = entity.Value.Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries);
                    for (var i = 0; i < parts.Length; i++)
                    {
                        if (!Particles.Contains(parts[i]))
                        {
                            if (CountLetters(parts[i], digits: false) >= 2)
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
                    foreach (var line in entity.Value.Split(LineSeparators, StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (CountLetters(line, digits: true) >= 3)
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
        _patterns.Sort(static (a, b) => Length(b.Tokens).CompareTo(Length(a.Tokens)));
        var buckets = new Dictionary<char, List<(string[] Tokens, EntityKind Kind)>>();
        foreach (var pattern in _patterns)
        {
            var first = char.ToUpperInvariant(pattern.Tokens[0][0]);
            if (!buckets.TryGetValue(first, out var bucket))
            {
                buckets[first] = bucket = [];
            }

            bucket.Add(pattern);
        }

        foreach (var (first, bucket) in buckets)
        {
            _byFirst[first] = [.. bucket];
            foreach (var variant in CaseVariants.Of(first))
            {
                if (variant < 64)
                {
                    _startsLow |= 1UL << variant;
                }
                else if (variant < 128)
                {
                    _startsHigh |= 1UL << (variant - 64);
                }
            }
        }

        _all = [.. _patterns];
    }

    public bool IsEmpty => _patterns.Count == 0 && _phones.Count == 0;

    public void Find(string text, List<MinimisedSpan> found)
    {
        if (_patterns.Count > 0)
        {
            FindPatterns(text, found);
        }

        if (_phones.Count > 0)
        {
            FindPhones(text, found);
        }
    }

    private void Add(string value, EntityKind kind, HashSet<(EntityKind, string)> seen)
    {
        var tokens = Tokens(value);
        if (tokens.Length > 0 && seen.Add((kind, string.Join(' ', tokens).ToUpperInvariant())))
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

    private static int CountLetters(string value, bool digits)
    {
        var count = 0;
        foreach (var ch in value)
        {
            if (digits ? char.IsLetterOrDigit(ch) : char.IsLetter(ch))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// One pass over the word starts of <paramref name="text"/>: at each, the patterns whose first token begins with
    /// that character (ignoring case) are tried. The same matches as searching each pattern's first token on its own:
    /// a match must start a word, and its first token is compared with OrdinalIgnoreCase either way.
    /// </summary>
    private void FindPatterns(string text, List<MinimisedSpan> found)
    {
        for (var at = 0; at < text.Length; at++)
        {
            var ch = text[at];
            var start = ch < 64 ? (_startsLow & (1UL << ch)) != 0 : ch >= 128 || (_startsHigh & (1UL << (ch - 64))) != 0;
            if (!start || (at > 0 && char.IsLetterOrDigit(text[at - 1])))
            {
                continue;
            }

            var candidates = char.IsSurrogate(ch) ? _all : _byFirst.GetValueOrDefault(char.ToUpperInvariant(ch));
            if (candidates is not null)
            {
                foreach (var (tokens, kind) in candidates)
                {
                    TryMatch(text, at, tokens, kind, found);
                }
            }
        }
    }

    private static void TryMatch(string text, int index, string[] tokens, EntityKind kind, List<MinimisedSpan> found)
    {
        var first = tokens[0];
        if (!text.AsSpan(index).StartsWith(first, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var end = Follow(text, index + first.Length, tokens);
        if (end < 0 || (end < text.Length && char.IsLetterOrDigit(text[end])))
        {
            return;
        }

        // An order or tracking number written with a leading '#' (or "No.") takes the mark with it.
        var start = index;
        if (kind is EntityKind.Order or EntityKind.Tracking && start > 0 && text[start - 1] == '#')
        {
            start--;
        }

        found.Add(new MinimisedSpan(start, end - start, kind));
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

    private void FindPhones(string text, List<MinimisedSpan> found)
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
