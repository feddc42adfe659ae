using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Where sealed audit events are kept. Appends return only when durable and refuse an event that does not chain onto
/// the stored predecessor, so a gap or fork can never be written.
/// </summary>
public interface IAuditStore
{
    Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Appends consecutive events of one tenant in one transaction: all of them, or none (then it throws).</summary>
    Task AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default);

    Task<AuditEvent?> ReadHeadAsync(string tenantId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEvent>> ReadAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> of the tenant's events before <paramref name="beforeSequence"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> ReadBeforeAsync(string tenantId, long beforeSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The tenant's events whose stored resource is one of <paramref name="resources"/>, after a sequence, in order.</summary>
    Task<IReadOnlyList<AuditEvent>> ReadAboutAsync(string tenantId, IReadOnlyList<string> resources, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every event of the tenant in sequence order, streamed.</summary>
    IAsyncEnumerable<AuditEvent> ReadAllAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>The sequence of the last event that occurred before <paramref name="before"/>, if any.</summary>
    Task<long?> LastSequenceBeforeAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the tenant's events up to <paramref name="upToSequence"/> and records the last one as the newest horizon,
    /// refusing the newest event and any younger than one day. Returns how many were removed.
    /// </summary>
    Task<long> ExpireAsync(string tenantId, long upToSequence, CancellationToken cancellationToken = default);

    /// <summary>The newest horizon (where the chain begins after retention), or none.</summary>
    Task<AuditHorizon?> ReadHorizonAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every tenant (and the operator log) that has events: the logs to checkpoint.</summary>
    Task<IReadOnlyList<string>> ReadTenantIdsAsync(CancellationToken cancellationToken = default);
}
