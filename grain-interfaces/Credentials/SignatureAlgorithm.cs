namespace Omniops.Actors.GrainInterfaces.Credentials;

/// <summary>How a webhook signature is encoded: HMAC-SHA256 as lower/upper-case hex, or as base64.</summary>
[GenerateSerializer, Alias("omniops.signature-algorithm")]
public enum SignatureAlgorithm
{
    HmacSha256Hex = 0,
    HmacSha256Base64 = 1,
}
