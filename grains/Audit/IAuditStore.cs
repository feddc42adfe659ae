using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Where sealed audit events are kept. Appends return only when durable and refuse an event that does not chain onto
/// the stored predecessor, so a gap or fork can never be written.
/// </summary>
public interface IAuditStore
{
    Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    Task<AuditEvent?> ReadHeadAsync(string tenantId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEvent>> ReadAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The tenant's events whose stored resource is one of <paramref name="resources"/>, after a sequence, in order.</summary>
    Task<IReadOnlyList<AuditEvent>> ReadAboutAsync(string tenantId, IReadOnlyList<string> resources, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every event of the tenant in sequence order, streamed.</summary>
    IAsyncEnumerable<AuditEvent> ReadAllAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every tenant (and the operator log) that has events: the logs to checkpoint.</summary>
    Task<IReadOnlyList<string>> ReadTenantIdsAsync(CancellationToken cancellationToken = default);
}
