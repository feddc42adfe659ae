using System.Text;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// One AI request's references (<c>[CUSTOMER_1]</c>, <c>[ORDER_1]</c>, ...): the same value gets the same reference
/// within the scope, and only this scope can turn a reference back into its value. Held in memory only and dropped
/// with the request; never serialized, logged or stored.
/// </summary>
public sealed partial class MinimisationScope
{
    private const int MaxPooledCapacity = 64 * 1024;
    private static readonly int KindCount = Enum.GetValues<EntityKind>().Length;
    private readonly IEntityDetector[] _detectors;
    private readonly KnownValues _known;
    // One list of found spans and one builder per thread, reused by every scope on it: Minimise fills and empties both before returning.
    [ThreadStatic]
    private static List<MinimisedSpan>? _pooled;
    [ThreadStatic]
    private static StringBuilder? _output;

    // By kind (the enum's value), the reference of each normalised value (looked up by span, so a value seen before costs no allocation).
    private readonly Dictionary<string, string>?[] _referenceByValue = new Dictionary<string, string>?[KindCount];
    private readonly Dictionary<string, string> _valueByReference = new(StringComparer.Ordinal);
    private readonly Dictionary<EntityKind, int> _counts = [];

    internal MinimisationScope(IEntityDetector[] detectors, IEnumerable<KnownEntity> known)
    {
        _detectors = detectors;
        _known = new KnownValues(known);
    }

    /// <summary>How many distinct values of each kind this scope has referenced or removed so far.</summary>
    public IReadOnlyDictionary<EntityKind, int> Counts => _counts;

    /// <summary>The text as the model may see it: personal values referenced, secrets removed.</summary>
    public string Minimise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = _pooled ??= new List<MinimisedSpan>(16);
        Find(text, spans);
        if (spans.Count == 0)
        {
            return text;
        }

        var output = (_output ??= new StringBuilder(1024)).Clear();
        var position = 0;
        foreach (var span in spans)
        {
            output.Append(text, position, span.Start - position);
            output.Append(ReferenceFor(span.Kind, text.AsSpan(span.Start, span.Length)));
            position = span.Start + span.Length;
        }

        spans.Clear();
        var minimised = output.Append(text, position, text.Length - position).ToString();
        // Nothing of this text stays in the thread's builder, and a very long text's builder is not kept at all.
        if (output.Clear().Capacity > MaxPooledCapacity)
        {
            _output = null;
        }

        return minimised;
    }

    /// <summary>The model's text with this scope's references turned back into their values; other brackets are left alone.</summary>
    public string Reidentify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Reference().Replace(text, match => _valueByReference.TryGetValue(match.Value, out var value) ? value : match.Value);
    }

    /// <summary>The value a reference of this scope stands for (a tool argument such as <c>[ORDER_1]</c>).</summary>
    public bool TryResolve(string reference, out string value)
    {
        if (_valueByReference.TryGetValue(reference.Trim(), out var found))
        {
            value = found;
            return true;
        }

        value = string.Empty;
        return false;
    }

    internal List<MinimisedSpan> Find(string text)
    {
        var found = new List<MinimisedSpan>();
        Find(text, found);
        return found;
    }

    /// <summary>Fills <paramref name="found"/> (empty on entry) with the spans to replace: in order, without overlaps.</summary>
    private void Find(string text, List<MinimisedSpan> found)
    {
        found.Clear();
        _known.Find(text, found);

        foreach (var detector in _detectors)
        {
            detector.Detect(text, found);
        }

        // Earliest first; of two starting together the longer wins; a span inside or overlapping a chosen one is dropped.
        if (found.Count < 2)
        {
            return;
        }

        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var chosen = 0; // found[..chosen] are the chosen spans, compacted in place
        var end = 0;
        for (var i = 0; i < found.Count; i++)
        {
            var span = found[i];
            if (span.Start >= end)
            {
                found[chosen++] = span;
                end = span.Start + span.Length;
            }
            else if (span.Start + span.Length > end && chosen > 0)
            {
                // Overlapping tails merge into the chosen span so no fragment of either value survives.
                var last = found[chosen - 1];
                var merged = last with { Length = span.Start + span.Length - last.Start };
                found[chosen - 1] = EntityKinds.IsRemoved(span.Kind) ? merged with { Kind = span.Kind } : merged;
                end = merged.Start + merged.Length;
            }
        }

        found.RemoveRange(chosen, found.Count - chosen);
    }

    private string ReferenceFor(EntityKind kind, ReadOnlySpan<char> value)
    {
        if (EntityKinds.IsRemoved(kind))
        {
            _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
            return EntityKinds.RemovedMarker;
        }

        var references = _referenceByValue[(int)kind] ??= new Dictionary<string, string>(StringComparer.Ordinal);

        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var key = buffer[..Normalise(kind, value, buffer)];
        var lookup = references.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out var reference))
        {
            return reference;
        }

        var n = _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        reference = $"[{EntityKinds.Label(kind)}_{n}]";
        references[key.ToString()] = reference;
        _valueByReference[reference] = value.ToString();
        return reference;
    }

    /// <summary>Writes the value's normal form into <paramref name="destination"/> (as long as the value) and returns its length.</summary>
    private static int Normalise(EntityKind kind, ReadOnlySpan<char> value, Span<char> destination)
    {
        var count = 0;
        switch (kind)
        {
            case EntityKind.Phone:
                // A phone number in another spelling (+44 7700 900123, 07700900123) is the same number: its last nine digits.
                foreach (var ch in value)
                {
                    if (char.IsAsciiDigit(ch))
                    {
                        destination[count++] = ch;
                    }
                }

                if (count > 9)
                {
                    destination[(count - 9)..count].CopyTo(destination);
                    count = 9;
                }

                return count;
            case EntityKind.Iban or EntityKind.Postcode or EntityKind.Address or EntityKind.Customer:
                foreach (var ch in value)
                {
                    if (char.IsLetterOrDigit(ch))
                    {
                        destination[count++] = InvariantUpper.Of(ch);
                    }
                }

                return count;
            case EntityKind.Order or EntityKind.Tracking:
                return value.Trim().TrimStart('#').ToUpperInvariant(destination);
            default:
                return value.Trim().ToUpperInvariant(destination);
        }
    }

    [GeneratedRegex(@"\[[A-Z_]+_[0-9]+\]", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
