using System.Buffers;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Passwords and secrets: a value after "password: ", "pwd=", "api key: " and the like, and tokens recognisable on
/// their own (live/test API keys, bearer tokens, JWTs, GitHub and Slack tokens, AWS key ids). Removed outright.
/// </summary>
public sealed partial class SecretDetector : IEntityDetector
{
    public void Detect(string text, List<MinimisedSpan> found)
    {
        if (text.AsSpan().IndexOfAny(Labels) >= 0)
        {
            for (var match = Labelled().Match(text); match.Success; match = match.NextMatch())
            {
                var value = match.Groups[1];
                found.Add(new MinimisedSpan(value.Index, value.Length, EntityKind.Secret));
            }
        }

        if (text.AsSpan().IndexOfAny(TokenHints) < 0)
        {
            return;
        }

        foreach (var match in Token().EnumerateMatches(text))
        {
            found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.Secret));
        }
    }

    /// <summary>Cheap prefilter: every label the pattern knows contains one of these (one vectorised case-insensitive pass).</summary>
    private static readonly SearchValues<string> Labels =
        SearchValues.Create(["pass", "pwd", "pin", "secret", "key", "token", "kennwort", "passwort", "contraseña"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Cheap prefilter: every token the pattern recognises on its own contains one of these (case as written).</summary>
    private static readonly SearchValues<string> TokenHints = SearchValues.Create(["_", "xox", "AKIA", "AIza", "eyJ", "Bearer"], StringComparison.Ordinal);

    // "password is x" and "password: x" (words that mean nothing else); the short or ambiguous ones only with : or =.
    [GeneratedRegex(@"\b(?:(?:pass(?:word|phrase|code)|passwd|kennwort|passwort|mot\s+de\s+passe|contraseña)\s*(?:(?:is|was|=|:)\s*)+|(?:pwd|pass|pin|secret|api[_\s\-]?key|token|client[_\s\-]?secret)\s*[:=]\s*)([^\s]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Labelled();

    [GeneratedRegex(@"\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{16,}|shp(?:at|ss|ca|pa)_[A-Fa-f0-9]{32}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{35}|eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,})|\bBearer\s+[A-Za-z0-9\-._~+/]{8,}=*",
        RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
