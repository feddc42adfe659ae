using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>E-mail addresses: a local part, an at sign and a dotted domain.</summary>
public sealed partial class EmailDetector : IEntityDetector
{
    public void Detect(string text, List<MinimisedSpan> found)
    {
        if (!text.Contains('@', StringComparison.Ordinal))
        {
            return;
        }

        foreach (var match in Email().EnumerateMatches(text))
        {
            found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Email));
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
