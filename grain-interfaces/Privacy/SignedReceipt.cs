namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// A receipt as the service signed it: <see cref="Receipt"/> is the JSON text exactly as signed, <see cref="Signature"/>
/// the base64 DER ECDSA P-256 signature over SHA-256 of its UTF-8 bytes, <see cref="KeyId"/> names the public key
/// (<c>/.well-known/omniops-receipt-keys/{keyId}.pem</c>). Verifiable with <c>openssl dgst -sha256 -verify</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.signed-receipt")]
public sealed record SignedReceipt(
    [property: Id(0)] string Receipt,
    [property: Id(1)] string Signature,
    [property: Id(2)] string KeyId);
