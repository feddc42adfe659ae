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

    /// <summary>
    /// Erases the requests about a subject — those naming <paramref name="customerRef"/> or any of
    /// <paramref name="orderIds"/> — (erasure's fan-out); how many. A destructive request's row stays without any ref,
    /// so its keyed body digest still makes a replay of the same signed body a duplicate; the others are deleted.
    /// </summary>
    Task<int> DeleteForSubjectAsync(string tenantId, string? customerRef, IReadOnlyList<string> orderIds, CancellationToken cancellationToken = default);

    /// <summary>Records that the privacy workflow took the request on (as privacy request <paramref name="requestId"/>).</summary>
    Task MarkHandledAsync(string tenantId, string channel, string deliveryId, DateTimeOffset handledAt, CancellationToken cancellationToken = default);
}
