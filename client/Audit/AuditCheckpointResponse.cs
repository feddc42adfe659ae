using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Client.Audit;

/// <summary>
/// A signed checkpoint of a chain head: <see cref="Signature"/> (base64 of a DER ECDSA P-256/SHA-256 signature) is over
/// <see cref="SignedText"/> (UTF-8) and verifies with <see cref="PublicKey"/> (PEM), e.g. with openssl.
/// </summary>
public sealed record AuditCheckpointResponse(string TenantId, long Sequence, string Hash, DateTimeOffset SignedAt, string SignedText, string Signature, string? PublicKey)
{
    public static AuditCheckpointResponse From(AuditCheckpoint checkpoint) =>
        new(checkpoint.TenantId, checkpoint.Sequence, Convert.ToHexStringLower(checkpoint.Hash), checkpoint.SignedAt, checkpoint.SignedText(),
            Convert.ToBase64String(checkpoint.Signature), checkpoint.PublicKeyPem);
}
