using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>A tenant's append-only, hash-chained audit log. Key: <c>{tenantId}</c> (or <see cref="GrainKeys.OperatorTenant"/>).</summary>
[TenantScoped, Alias("omniops.audit-log")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends one event and returns once it is durable. Throws <see cref="Errors.AuditUnavailableException"/> when it
    /// could not be recorded: callers guarding a high-risk operation must not proceed then.
    /// </summary>
    [Alias("append"), RequiresScope(Scopes.AuditAppend)]
    Task<AuditReceipt> AppendAsync(AuditEntry entry);

    /// <summary>
    /// Appends several events (at most <see cref="MaxBatch"/>, in order) as consecutive links of the chain in one turn
    /// and one transaction, and returns once all are durable: either every one is stored or none is (then
    /// <see cref="Errors.AuditUnavailableException"/>, as for <see cref="AppendAsync"/>). For a step that records
    /// several events at once, one round trip instead of one each.
    /// </summary>
    [Alias("append-many"), RequiresScope(Scopes.AuditAppend)]
    Task<IReadOnlyList<AuditReceipt>> AppendManyAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>The most events one <see cref="AppendManyAsync"/> call records.</summary>
    const int MaxBatch = 100;

    [Alias("read"), RequiresScope(Scopes.AuditRead)]
    Task<IReadOnlyList<AuditEvent>> ReadAsync(long afterSequence, int limit);

    /// <summary>
    /// Newest first: at most <paramref name="limit"/> (≤ 500) events before sequence <paramref name="beforeSequence"/>
    /// (0 or less: from the newest), in descending sequence order (the dashboard's audit page).
    /// </summary>
    [Alias("read-latest"), RequiresScope(Scopes.AuditRead)]
    Task<IReadOnlyList<AuditEvent>> ReadLatestAsync(long beforeSequence, int limit);

    /// <summary>
    /// The events whose resource is the stored (hashed) form of any of <paramref name="personalResources"/> (customer
    /// refs, conversation, order or message ids; at most 2,000), after <paramref name="afterSequence"/>, in sequence
    /// order, at most <paramref name="limit"/> (≤ 500): the audit events about a subject, sensitive values still hashed.
    /// </summary>
    [Alias("read-about"), RequiresScope(Scopes.AuditRead)]
    Task<IReadOnlyList<AuditEvent>> ReadAboutAsync(IReadOnlyList<string> personalResources, long afterSequence, int limit);

    /// <summary>
    /// Retention: signs a checkpoint over the current head, then removes the events older than <paramref name="before"/>
    /// (never the newest, nor any younger than one day) through the database's privileged path, which records the last
    /// removed event as the log's horizon; audited as <c>audit.expire</c>. Returns how many were removed.
    /// </summary>
    [Alias("expire"), RequiresScope(Scopes.AuditExpire)]
    Task<long> ExpireAsync(DateTimeOffset before);

    /// <summary>Recomputes the chain from storage (from the newest horizon on) and reports the first broken link.</summary>
    [Alias("verify"), RequiresScope(Scopes.AuditRead, Scopes.OpsAuditVerify)]
    Task<AuditVerification> VerifyAsync();

    /// <summary>Signs the stored head (none for an empty log) and keeps it as the latest checkpoint.</summary>
    [Alias("checkpoint"), RequiresScope(Scopes.OpsAuditVerify)]
    Task<AuditCheckpoint?> CheckpointAsync();

    /// <summary>The latest signed checkpoint (signed now if there is none yet), with the public key to verify it; none for an empty log.</summary>
    [Alias("latest-checkpoint"), RequiresScope(Scopes.AuditRead)]
    Task<AuditCheckpoint?> LatestCheckpointAsync();
}
