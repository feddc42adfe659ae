using System.Collections.Concurrent;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Successful sign-ins reach the tenant's audit log once per key and <see cref="Interval"/> per gateway (every request
/// authenticates; an event per request would bury everything else). Only keys that verified are tracked, so the map is
/// bounded by the keys that exist.
/// </summary>
public sealed class SignInAudit(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string TenantId, string KeyId), DateTimeOffset> _lastAudited = new();

    public async ValueTask RecordAsync(CallerContext caller)
    {
        var key = (caller.TenantId!, caller.ActorId);
        var now = time.GetUtcNow();
        // Claimed before the write, so simultaneous first requests of one key write one event.
        var claimed = _lastAudited.TryGetValue(key, out var last)
            ? now - last >= Interval && _lastAudited.TryUpdate(key, now, last)
            : _lastAudited.TryAdd(key, now);
        if (!claimed)
        {
            return;
        }

        try
        {
            await CallerContext.RunAsAsync(caller, () => grains.GetAuditLogGrain(caller.TenantId!).AppendAsync(
                new AuditEntry("auth.sign-in", AuditOutcomes.Success, caller.ActorId)));
        }
        catch
        {
            _lastAudited.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, now));
            throw;
        }
    }
}
