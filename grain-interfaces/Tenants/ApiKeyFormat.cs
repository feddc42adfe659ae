using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>
/// API keys read <c>omk.{tenantId}.{keyId}.{secret}</c>: the ids route the check to the tenant's grain, the secret
/// (256 random bits, base64url) is stored only as its SHA-256. A high-entropy secret needs no slow hash.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "omk";

    public static string Compose(string tenantId, string keyId, out byte[] secretHash)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        secretHash = HashSecret(secret);
        return string.Join('.', Prefix, tenantId, keyId, secret);
    }

    public static bool TryParse(string? key, [NotNullWhen(true)] out string? tenantId, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out string? secret)
    {
        tenantId = keyId = secret = null;
        if (key is null || key.Length > 200)
        {
            return false;
        }

        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix || !GrainKeys.IsValidId(parts[1]) || !GrainKeys.IsValidId(parts[2]) || parts[3].Length < 32)
        {
            return false;
        }

        (tenantId, keyId, secret) = (parts[1], parts[2], parts[3]);
        return true;
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
