using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Signs and checks privacy link tokens (<see cref="PrivacyLinkFormat"/>). The key is the tenant's own link key,
/// HKDF-SHA256 from its first data key (<see cref="Purpose"/>): stable across key and master-key rotation, different
/// for every tenant, gone with the tenant's keys.
/// </summary>
public static class PrivacyLinkTokens
{
    /// <summary>The HKDF purpose of the link key (<see cref="TenantKeyringExtensions.DeriveAsync"/>).</summary>
    public const string Purpose = "privacy-link/v1";

    public static ValueTask<byte[]> KeyAsync(TenantKeyring keyring, string tenantId) => keyring.DeriveAsync(tenantId, Purpose);

    public static string Sign(byte[] key, string tenantId, string linkId, string customerRef, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return string.Join('.', PrivacyLinkFormat.Prefix, tenantId, linkId, customerRef, expires, Mac(key, tenantId, linkId, customerRef, expires));
    }

    /// <summary>
    /// The claims of a token signed under <paramref name="key"/> for <paramref name="tenantId"/>, or null. The MAC is
    /// computed and compared in constant time before expiry is looked at, so an expired and a forged token cost the same.
    /// </summary>
    public static PrivacyLinkClaims? Check(byte[] key, string tenantId, string token, DateTimeOffset now)
    {
        if (!PrivacyLinkFormat.TryParse(token, out var tokenTenant, out var linkId, out var customerRef, out var expires, out var mac))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(key, tokenTenant, linkId, customerRef, expires.ToString(CultureInfo.InvariantCulture)));
        var presented = Encoding.ASCII.GetBytes(mac);
        var matches = CryptographicOperations.FixedTimeEquals(expected, presented);
        if (!matches || !string.Equals(tokenTenant, tenantId, StringComparison.Ordinal) || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        return new PrivacyLinkClaims(linkId, customerRef, expiresAt, expiresAt <= now);
    }

    private static string Mac(byte[] key, string tenantId, string linkId, string customerRef, string expires) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"omniops/privacy-link/v1|{tenantId}|{linkId}|{customerRef}|{expires}")));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
