using System.Buffers;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>Card security codes, only where the text says so ("CVV 123", "security code: 123"). Removed outright.</summary>
public sealed partial class CvvDetector : IEntityDetector
{
    public void Detect(string text, List<MinimisedSpan> found)
    {
        // Cheap prefilter: every word the pattern starts with contains one of these (vectorised, case-insensitive).
        if (text.AsSpan().IndexOfAny(Hints) < 0 || !TextShape.HasRun(TextShape.DigitRunLengths(text), 3, 4))
        {
            return;
        }

        for (var match = Code().Match(text); match.Success; match = match.NextMatch())
        {
            var value = match.Groups[1];
            found.Add(new MinimisedSpan(value.Index, value.Length, EntityKind.Cvv));
        }
    }

    private static readonly SearchValues<string> Hints = SearchValues.Create(["cv", "cs", "cid", "code", "verification"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\b(?:cvv2?|cvc2?|csc|cid|security\s+code|card\s+verification(?:\s+(?:code|value))?|(?:3|three)[\s-]digit\s+code)\b[\s:=#\-]*(?:(?:is|was|=)\s*)?(\d{3,4})(?![\d\w])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Code();
}
