namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The privacy links a tenant revoked (<see cref="PrivacyLinkGrain.RevokeAsync"/>), by link id, each until it would
/// have expired: nothing about the link's subject is kept here.
/// </summary>
public interface IPrivacyLinkRevocationStore
{
    /// <summary>
    /// Records the links as revoked (idempotent) and drops the tenant's revocations of links already expired; how many
    /// were not revoked before.
    /// </summary>
    Task<int> RevokeAsync(string tenantId, IReadOnlyList<(string LinkId, DateTimeOffset ExpiresAt)> links, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<bool> IsRevokedAsync(string tenantId, string linkId, CancellationToken cancellationToken = default);
}
