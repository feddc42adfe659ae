namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The privacy links a tenant issued (<see cref="PrivacyLinkGrain"/>), each by its id, its subject's digest
/// (<see cref="PrivacyRequestGrain.SubjectDigest"/>, never the ref) and its expiry, kept until it expires so the
/// merchant can revoke it. Each write also drops the tenant's links already expired.
/// </summary>
public interface IPrivacyLinkStore
{
    Task AddAsync(string tenantId, string linkId, string subjectDigest, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes the subject's unexpired links not revoked yet.</summary>
    Task<PrivacyLinkRevocation> RevokeAsync(string tenantId, string subjectDigest, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<bool> IsRevokedAsync(string tenantId, string linkId, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a revocation did: <see cref="Revoked"/> links revoked by it, <see cref="Live"/> unexpired links of the subject
/// (every one revoked now), and whether the tenant holds any link of the subject at all (<see cref="Known"/>).
/// </summary>
public sealed record PrivacyLinkRevocation(int Revoked, int Live, bool Known);
