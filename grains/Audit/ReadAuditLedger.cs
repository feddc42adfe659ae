using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// One grain activation's record of which actors' reads it has audited, and when: a read is audited when the actor has
/// none recorded within <see cref="AuditOptions.ReadAuditPeriod"/>. The activation is the resource, so paging through
/// it counts as one. Entries older than the period are dropped on every check, so the ledger holds at most the actors
/// who read within one period. Not thread-safe: it belongs to one non-reentrant activation. A new activation starts
/// empty (its first read per actor is audited again): coalescing can only add events, never lose the first.
/// </summary>
internal sealed class ReadAuditLedger(TimeSpan period, TimeProvider time)
{
    private readonly Dictionary<(ActorKind Kind, string ActorId), DateTimeOffset> _audited = [];

    /// <summary>How many actors are remembered (for tests of the bound).</summary>
    public int Count => _audited.Count;

    /// <summary>Whether a read by <paramref name="caller"/> now must be audited. Drops entries older than the period.</summary>
    public bool IsDue(CallerContext caller)
    {
        var now = time.GetUtcNow();
        if (_audited.Count > 0)
        {
            foreach (var (actor, at) in _audited)
            {
                if (now - at >= period)
                {
                    _audited.Remove(actor);
                }
            }
        }

        return !_audited.ContainsKey((caller.Kind, caller.ActorId));
    }

    /// <summary>Remembers that a read by <paramref name="caller"/> was audited now.</summary>
    public void Recorded(CallerContext caller) => _audited[(caller.Kind, caller.ActorId)] = time.GetUtcNow();

    /// <summary>
    /// Appends <paramref name="operation"/> on <paramref name="resource"/> (a personal resource: stored hashed) to <paramref name="tenantId"/>'s log unless the
    /// current caller's read was recorded within the period. Throws <see cref="AuditUnavailableException"/> when the
    /// trail cannot record it: the read must then fail (closed).
    /// </summary>
    public async Task AuditAsync(IGrainFactory grains, string tenantId, string operation, string resource)
    {
        var caller = CallerContext.Current ?? throw new AccessDeniedException("The call carries no authenticated caller.");
        if (IsDue(caller))
        {
            await grains.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry(operation, AuditOutcomes.Success, resource, PersonalResource: true));
            Recorded(caller);
        }
    }
}
