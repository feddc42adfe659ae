using System.Globalization;

namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>
/// The shapes of the members' bearer tokens. An invitation link: <c>omi.{tenantId}.{invitationId}.{expires unix s}.{mac}</c>
/// (HMAC-SHA256, base64url, under a key derived from the tenant key); a session (the cookie's value):
/// <c>oms.{tenantId}.{sessionId}.{secret}</c> (the grain keeps only the secret's SHA-256). Neither carries an e-mail.
/// The prefix is the version.
/// </summary>
public static class MemberTokens
{
    public const string InvitationPrefix = "omi";
    public const string SessionPrefix = "oms";

    /// <summary>The longest token accepted.</summary>
    public const int MaxLength = 256;

    public static bool TryParseInvitation(string? token, out string tenantId, out string invitationId, out long expiresAt, out string mac)
    {
        (tenantId, invitationId, expiresAt, mac) = (string.Empty, string.Empty, 0, string.Empty);
        if (token is null || token.Length > MaxLength || !token.StartsWith(InvitationPrefix + ".", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 5 || !GrainKeys.IsValidId(parts[1]) || !GrainKeys.IsValidId(parts[2]) ||
            !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out expiresAt) || parts[4].Length is 0 or > 64)
        {
            expiresAt = 0;
            return false;
        }

        (tenantId, invitationId, mac) = (parts[1], parts[2], parts[4]);
        return true;
    }

    public static string Session(string tenantId, string sessionId, string secret) => string.Join('.', SessionPrefix, tenantId, sessionId, secret);

    public static bool TryParseSession(string? token, out string tenantId, out string sessionId, out string secret)
    {
        (tenantId, sessionId, secret) = (string.Empty, string.Empty, string.Empty);
        if (token is null || token.Length > MaxLength || !token.StartsWith(SessionPrefix + ".", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 4 || !GrainKeys.IsValidId(parts[1]) || !GrainKeys.IsValidId(parts[2]) || parts[3].Length is < 16 or > 64)
        {
            return false;
        }

        (tenantId, sessionId, secret) = (parts[1], parts[2], parts[3]);
        return true;
    }
}
