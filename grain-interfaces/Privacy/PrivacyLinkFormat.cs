namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// The shape of a privacy link token: <c>opl.{tenantId}.{linkId}.{customerRef}.{expiresAt unix seconds}.{mac}</c>,
/// the MAC an HMAC-SHA256 (base64url) over the version and the other fields. The prefix is the version: a later
/// format gets a new prefix. Holds nothing personal beyond the opaque customer ref (itself a keyed hash).
/// </summary>
public static class PrivacyLinkFormat
{
    public const string Prefix = "opl";

    /// <summary>The longest token accepted (every part at its longest id length, plus the MAC).</summary>
    public const int MaxLength = 256;

    public static bool LooksLikeLink(string? token) => token is not null && token.StartsWith(Prefix + ".", StringComparison.Ordinal);

    /// <summary>Splits a token into its parts; false for anything that is not one (wrong prefix, count, ids or number).</summary>
    public static bool TryParse(string? token, out string tenantId, out string linkId, out string customerRef, out long expiresAt, out string mac)
    {
        (tenantId, linkId, customerRef, expiresAt, mac) = (string.Empty, string.Empty, string.Empty, 0, string.Empty);
        if (!LooksLikeLink(token) || token!.Length > MaxLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 6 || !GrainKeys.IsValidId(parts[1]) || !GrainKeys.IsValidId(parts[2]) || !GrainKeys.IsValidId(parts[3]) ||
            !long.TryParse(parts[4], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out expiresAt) ||
            parts[5].Length is 0 or > 64)
        {
            expiresAt = 0;
            return false;
        }

        (tenantId, linkId, customerRef, mac) = (parts[1], parts[2], parts[3], parts[5]);
        return true;
    }
}
