using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.GrainInterfaces.Members;

namespace Omniops.Actors.Grains.Members;

/// <summary>
/// Signs and checks invitation links (<see cref="MemberTokens"/>, prefix <c>omi</c>) under the tenant's
/// <see cref="Purpose"/> key (HKDF from its first data key): different per tenant, gone with the tenant's keys.
/// </summary>
public static class InvitationTokens
{
    public const string Purpose = "member-invitation/v1";

    public static string Sign(byte[] key, string tenantId, string invitationId, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return string.Join('.', MemberTokens.InvitationPrefix, tenantId, invitationId, expires, Mac(key, tenantId, invitationId, expires));
    }

    /// <summary>
    /// The invitation id and expiry (unix seconds) a token signed under <paramref name="key"/> for
    /// <paramref name="tenantId"/> carries (expiry not judged here), or null. The MAC is compared in constant time first.
    /// </summary>
    public static (string InvitationId, long Expires)? Check(byte[] key, string tenantId, string token)
    {
        if (!MemberTokens.TryParseInvitation(token, out var tokenTenant, out var invitationId, out var expires, out var mac))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(key, tokenTenant, invitationId, expires.ToString(CultureInfo.InvariantCulture)));
        var matches = CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac));
        return matches && string.Equals(tokenTenant, tenantId, StringComparison.Ordinal) ? (invitationId, expires) : null;
    }

    private static string Mac(byte[] key, string tenantId, string invitationId, string expires) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"omniops/member-invitation/v1|{tenantId}|{invitationId}|{expires}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
