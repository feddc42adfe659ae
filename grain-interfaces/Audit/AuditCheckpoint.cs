using System.Globalization;

namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>
/// A signed statement of a tenant's chain head: ECDSA P-256 (DER) over <see cref="SignedText"/> under the service's
/// signing key. <see cref="PublicKeyPem"/> is the key the service signs with now (never trusted from storage).
/// </summary>
[GenerateSerializer, Alias("omniops.audit-checkpoint")]
public sealed record AuditCheckpoint(
    [property: Id(0)] string TenantId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] byte[] Hash,
    [property: Id(3)] DateTimeOffset SignedAt,
    [property: Id(4)] byte[] Signature,
    [property: Id(5)] string? PublicKeyPem)
{
    /// <summary>The exact bytes signed (UTF-8, no trailing newline).</summary>
    public string SignedText() => string.Join('\n', "omniops-audit-checkpoint/v1", TenantId,
        Sequence.ToString(CultureInfo.InvariantCulture), Convert.ToHexStringLower(Hash),
        SignedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
}
