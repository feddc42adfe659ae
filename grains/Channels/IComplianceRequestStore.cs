namespace Omniops.Actors.Grains.Channels;

/// <summary>Where forwarded privacy requests wait for the privacy workflow.</summary>
public interface IComplianceRequestStore
{
    /// <summary>Stores the request durably; false when this delivery was stored before.</summary>
    Task<bool> AddAsync(ComplianceRecord record, CancellationToken cancellationToken = default);

    /// <summary>Whether this delivery of the channel's is stored already (a platform's retry of an acknowledged one).</summary>
    Task<bool> ContainsAsync(string tenantId, string channel, string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's requests not yet handled, oldest first.</summary>
    Task<IReadOnlyList<ComplianceRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default);
}
