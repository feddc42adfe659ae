using Omniops.Actors.GrainInterfaces.Security;
using Orleans.Concurrency;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// A tenant's retention: one grain per tenant with one reminder (<c>Omniops:Retention:SweepPeriod</c>) whose every
/// tick sweeps the tenant — conversations and orders past the tenant's retention periods are expired through the
/// erasure path, a customer left holding nothing is erased, old tombstones are purged. No reminder per conversation
/// or order. Key: <c>{tenantId}</c>.
/// </summary>
[TenantScoped, Alias("omniops.retention")]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the sweep's reminder unless it is registered with the configured period (idempotent): when the tenant
    /// is created and whenever its grain activates, so tenants created before retention existed get it too.
    /// Interleaved: a tenant activating while its sweep runs (the sweep reads the tenant's settings) must not wait on it.
    /// </summary>
    [Alias("ensure-scheduled"), RequiresScope(Scopes.PrivacyErase), AlwaysInterleave]
    Task EnsureScheduledAsync();

    /// <summary>Runs a sweep now (an operator, or a test) and answers what it removed.</summary>
    [Alias("sweep"), RequiresScope(Scopes.OpsRetention)]
    Task<RetentionSweepResult> SweepAsync();
}
