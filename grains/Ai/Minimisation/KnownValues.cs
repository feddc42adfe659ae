using System.Buffers;

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
    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "de", "da", "di", "do", "du", "del", "della", "der", "den", "van", "von", "la", "le", "el", "al", "bin", "ter", "mr", "mrs", "ms", "dr",
    };

    private static readonly char[] NameSeparators = [' ', '\t', '\n', ','];
    private static readonly char[] LineSeparators = [',', '\n', ';'];

    private readonly List<(string[] Tokens, EntityKind Kind)> _patterns = [];
    private readonly KnownPhones _phones = new();

    // The patterns grouped by the invariant upper case of their first character (what OrdinalIgnoreCase compares),
    // longest first within a group, so one pass over the text's word starts tries only the patterns that can begin
    // there: the group of an ASCII upper case at _asciiGroups[ch], of any other character in _otherGroups.
    private readonly (string[] Tokens, EntityKind Kind)[] _grouped;
    private readonly (int Start, int Count)[] _asciiGroups = new (int, int)[128];
    private readonly Dictionary<char, (int Start, int Count)>? _otherGroups;

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
                    _phones.Add(entity.Value);
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
        _grouped = new (string[] Tokens, EntityKind Kind)[_patterns.Count];
        var placed = 0;
        for (var i = 0; i < _patterns.Count; i++)
        {
            var first = InvariantUpper.Of(_patterns[i].Tokens[0][0]);
            if (first < 128 ? _asciiGroups[first].Count > 0 : _otherGroups?.ContainsKey(first) == true)
            {
                continue; // grouped with an earlier pattern of the same first character
            }

            // This first character's group: every pattern from here on that begins with it, in their (longest-first) order.
            var start = placed;
            for (var j = i; j < _patterns.Count; j++)
            {
                if (InvariantUpper.Of(_patterns[j].Tokens[0][0]) == first)
                {
                    _grouped[placed++] = _patterns[j];
                }
            }

            if (first < 128)
            {
                _asciiGroups[first] = (start, placed - start);
            }
            else
            {
                (_otherGroups ??= [])[first] = (start, placed - start);
            }

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
    }

    public bool IsEmpty => _patterns.Count == 0 && _phones.IsEmpty;

    public void Find(string text, List<MinimisedSpan> found)
    {
        if (_patterns.Count > 0)
        {
            FindPatterns(text, found);
        }

        if (!_phones.IsEmpty)
        {
            _phones.Find(text, found);
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
        var span = text.AsSpan();
        for (var at = 0; at < span.Length;)
        {
            var ch = span[at];
            var start = ch < 64 ? (_startsLow & (1UL << ch)) != 0 : ch >= 128 || (_startsHigh & (1UL << (ch - 64))) != 0;
            if (start && (at == 0 || !char.IsLetterOrDigit(span[at - 1])))
            {
                TryGroup(text, at, ch, found);
            }

            if (!char.IsAsciiLetterOrDigit(ch))
            {
                at++;
                continue;
            }

            // The rest of an ASCII word holds no word start: jump to the character after the first one that ends it.
            var rest = span[(at + 1)..].IndexOfAnyExcept(AsciiLettersAndDigits);
            if (rest < 0)
            {
                break;
            }

            at += rest + 2;
        }
    }

    /// <summary>Tries at <paramref name="at"/>, a word start, every pattern whose first character equals <paramref name="ch"/> ignoring case.</summary>
    private void TryGroup(string text, int at, char ch, List<MinimisedSpan> found)
    {
        if (char.IsSurrogate(ch))
        {
            foreach (var (tokens, kind) in _grouped)
            {
                TryMatch(text, at, tokens, kind, found);
            }

            return;
        }

        var upper = InvariantUpper.Of(ch);
        var (first, count) = upper < 128 ? _asciiGroups[upper] : _otherGroups?.GetValueOrDefault(upper) ?? default;
        for (var i = first; i < first + count; i++)
        {
            TryMatch(text, at, _grouped[i].Tokens, _grouped[i].Kind, found);
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

}
