using System.Globalization;
using System.Text;

namespace Omniops.Actors.Client.Transparency;

/// <summary>
/// The deployment's <c>/.well-known/security.txt</c> (RFC 9116), from <c>Omniops:SecurityTxt</c>: <c>Contact:{n}</c>
/// (required for the file to be served), <c>Expires</c> (required with a contact), <c>Encryption</c>,
/// <c>PreferredLanguages</c>, <c>Canonical</c>, <c>Policy</c>.
/// </summary>
public sealed class SecurityTxtOptions
{
    public const string Section = "Omniops:SecurityTxt";

    /// <summary>Where to report a vulnerability: <c>mailto:</c>, <c>https:</c> or <c>tel:</c> URIs, in order of preference.</summary>
    public List<string> Contact { get; } = [];

    /// <summary>When the file's content stops being current (RFC 9116 §2.5.5; mandatory).</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>A URI of the key to encrypt reports with.</summary>
    public string? Encryption { get; set; }

    /// <summary>Language tags, comma separated (<c>en, de</c>).</summary>
    public string? PreferredLanguages { get; set; }

    /// <summary>The https URI this file is published at.</summary>
    public string? Canonical { get; set; }

    /// <summary>A URI of the vulnerability disclosure policy.</summary>
    public string? Policy { get; set; }

    public bool IsConfigured => Contact.Count > 0;

    /// <summary>The problem with the values, or null when they are usable (not configured is usable: the file is then 404).</summary>
    public string? Problem()
    {
        if (!IsConfigured)
        {
            return Expires is null && Encryption is null && PreferredLanguages is null && Canonical is null && Policy is null
                ? null
                : "Omniops:SecurityTxt: set Contact:0 (or nothing at all).";
        }

        if (Contact.Any(c => !Uri.TryCreate(c, UriKind.Absolute, out var uri) || uri.Scheme is not ("mailto" or "https" or "tel")))
        {
            return "Omniops:SecurityTxt:Contact: each must be a mailto:, https: or tel: URI.";
        }

        if (Expires is null)
        {
            return "Omniops:SecurityTxt:Expires is required with a Contact (RFC 9116).";
        }

        return new[] { Encryption, Canonical, Policy }.Any(u => u is not null && (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            || PreferredLanguages?.Any(char.IsControl) == true
            ? "Omniops:SecurityTxt: Encryption, Canonical and Policy must be https URLs."
            : null;
    }

    /// <summary>The file's text: one field a line, in RFC 9116's order.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var contact in Contact)
        {
            text.Append("Contact: ").Append(contact).Append('\n');
        }

        text.Append("Expires: ").Append(Expires!.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        Line(text, "Encryption", Encryption);
        Line(text, "Preferred-Languages", PreferredLanguages);
        Line(text, "Canonical", Canonical);
        Line(text, "Policy", Policy);
        return text.ToString();
    }

    private static void Line(StringBuilder text, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(field).Append(": ").Append(value).Append('\n');
        }
    }
}
