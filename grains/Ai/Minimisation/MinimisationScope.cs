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
    private readonly IEntityDetector[] _detectors;
    private readonly KnownValues _known;
    private readonly Dictionary<string, string> _referenceByValue = new(StringComparer.Ordinal);
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
        var spans = Find(text);
        if (spans.Count == 0)
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var position = 0;
        foreach (var span in spans)
        {
            output.Append(text, position, span.Start - position);
            output.Append(ReferenceFor(span.Kind, text.Substring(span.Start, span.Length)));
            position = span.Start + span.Length;
        }

        return output.Append(text, position, text.Length - position).ToString();
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
        _known.Find(text, found);

        foreach (var detector in _detectors)
        {
            detector.Detect(text, found);
        }

        // Earliest first; of two starting together the longer wins; a span inside or overlapping a chosen one is dropped.
        if (found.Count == 0)
        {
            return found;
        }

        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var chosen = new List<MinimisedSpan>(found.Count);
        var end = 0;
        foreach (var span in found)
        {
            if (span.Start >= end)
            {
                chosen.Add(span);
                end = span.Start + span.Length;
            }
            else if (span.Start + span.Length > end && chosen.Count > 0)
            {
                // Overlapping tails merge into the chosen span so no fragment of either value survives.
                var last = chosen[^1];
                var merged = last with { Length = span.Start + span.Length - last.Start };
                chosen[^1] = EntityKinds.IsRemoved(span.Kind) ? merged with { Kind = span.Kind } : merged;
                end = merged.Start + merged.Length;
            }
        }

        return chosen;
    }

    private string ReferenceFor(EntityKind kind, string value)
    {
        if (EntityKinds.IsRemoved(kind))
        {
            _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
            return EntityKinds.RemovedMarker;
        }

        var key = $"{(int)kind}:{Normalise(kind, value)}";
        if (_referenceByValue.TryGetValue(key, out var reference))
        {
            return reference;
        }

        var n = _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        reference = $"[{EntityKinds.Label(kind)}_{n}]";
        _referenceByValue[key] = reference;
        _valueByReference[reference] = value;
        return reference;
    }

    private static string Normalise(EntityKind kind, string value) => kind switch
    {
        // A phone number in another spelling (+44 7700 900123, 07700900123) is the same number: its last nine digits.
        EntityKind.Phone => new string([.. value.Where(char.IsAsciiDigit).TakeLast(9)]),
        EntityKind.Iban or EntityKind.Postcode or EntityKind.Address or EntityKind.Customer =>
            new string([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]),
        EntityKind.Order or EntityKind.Tracking => value.Trim().TrimStart('#').ToUpperInvariant(),
        _ => value.Trim().ToUpperInvariant(),
    };

    [GeneratedRegex(@"\[[A-Z_]+_[0-9]+\]", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
