using System.Buffers;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// URLs that carry a credential: a query parameter named like a token, key or signature, or a long random-looking
/// path segment (letters and digits mixed, 20 characters or more). The whole URL is referenced.
/// </summary>
public sealed partial class TokenUrlDetector : IEntityDetector
{
    public void Detect(string text, List<MinimisedSpan> found)
    {
        // Every URL the pattern takes starts with "http" or "www." (ignoring case).
        if (text.AsSpan().IndexOfAny(Starts) < 0)
        {
            return;
        }

        foreach (var match in Url().EnumerateMatches(text))
        {
            var length = match.Length;
            while (length > 0 && text[match.Index + length - 1] is '.' or ',' or ')' or ';' or '!' or '?' or ':' or '\'')
            {
                length--;
            }

            var url = text.AsSpan(match.Index, length);
            if (TokenParameter().IsMatch(url) || RandomSegment().IsMatch(url))
            {
                found.Add(new MinimisedSpan(match.Index, length, EntityKind.TokenUrl));
            }
        }
    }

    private static readonly SearchValues<string> Starts = SearchValues.Create(["http", "www."], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\b(?i:https?://|www\.)[^\s<>""']+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"[?&#;](?:[\w\-]*[_\-.])?(?:token|key|apikey|sig|signature|access_token|id_token|refresh_token|auth|code|session|sessionid|sid|secret|password|pwd|otp|credential|hash)=[^&\s]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenParameter();

    [GeneratedRegex(@"/(?=[A-Za-z0-9_\-]{0,200}[0-9])(?=[A-Za-z0-9_\-]{0,200}[A-Za-z])[A-Za-z0-9_\-]{20,}(?=[/?#.]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex RandomSegment();
}
