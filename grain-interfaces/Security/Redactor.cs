using System.Text.RegularExpressions;

namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>
/// Removes secrets and personal data from free text before it is logged or previewed: API keys, bearer tokens,
/// e-mail addresses, phone numbers, card-like digit runs and long opaque tokens (hex/base64 of 32+ characters).
/// Used by the audit previews and by every log sink.
/// </summary>
public static partial class Redactor
{
    public const string Mask = "[redacted]";

    /// <summary>The longest preview the audit trail stores.</summary>
    public const int PreviewLength = 64;

    /// <summary>What stands in for a text whose redaction did not finish in time: nothing of it is shown.</summary>
    public const string Withheld = "[withheld: redaction timed out]";

    /// <summary>
    /// Replaces every recognised secret or personal datum in <paramref name="text"/> with <see cref="Mask"/>. The
    /// pattern runs in linear time (non-backtracking); should it still time out, the whole text is withheld —
    /// failing closed, never passing the text through unredacted.
    /// </summary>
    public static string Redact(string text)
    {
        try
        {
            return Sensitive().Replace(text, Mask);
        }
        catch (RegexMatchTimeoutException)
        {
            return Withheld;
        }
    }

    /// <summary>A redacted preview of at most <see cref="PreviewLength"/> characters (an ellipsis marks a cut).</summary>
    public static string Preview(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var redacted = Redact(text.Length > 4 * PreviewLength ? text[..(4 * PreviewLength)] : text);
        return redacted.Length <= PreviewLength ? redacted : string.Concat(redacted.AsSpan(0, PreviewLength - 1), "…");
    }

    [GeneratedRegex(
        """
        omk\.[A-Za-z0-9._-]+
        |opl\.[A-Za-z0-9._-]+
        |(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]+
        |(?i:sha256=)[0-9a-fA-F]+
        |[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}
        |\+\d[\d\s()-]{6,}\d
        |\b\d{3}[\s-]?\d{3}[\s-]?\d{3,4}\b
        |\b(?:\d[\s-]?){12,18}\d\b
        |[A-Za-z0-9+/_-]{32,}={0,2}
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Sensitive();
}
