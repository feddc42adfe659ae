namespace Omniops.Actors.Grains.Channels;

/// <summary>Where forwarded privacy requests wait for the privacy workflow.</summary>
public interface IComplianceRequestStore
{
    /// <summary>
    /// Stores the request durably; false when it was stored before: the same delivery, or a destructive request with
    /// the same <see cref="ComplianceRecord.BodyDigest"/>.
    /// </summary>
    Task<bool> AddAsync(ComplianceRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored request this one repeats — the same delivery of the channel's (a platform's retry of an acknowledged
    /// one), or one with the same body digest — or null.
    /// </summary>
    Task<ComplianceRecord?> FindAsync(string tenantId, string channel, string deliveryId, string? bodyDigest, CancellationToken cancellationToken = default);

    /// <summary>The tenant's requests not yet handled, oldest first.</summary>
    Task<IReadOnlyList<ComplianceRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default);
}
