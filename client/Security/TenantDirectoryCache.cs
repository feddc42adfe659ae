using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The gateway's view of the tenant directory (<see cref="ITenantDirectoryGrain"/>): entries are kept for
/// <see cref="GatewayOptions.DirectoryCacheSeconds"/> (so a key revoked through another gateway is refused here within
/// that bound; through this one, at once: <see cref="Invalidate"/>), answers that a tenant does not exist for one
/// second. A key id or integration the cached entry does not list is looked up again at most once a second per
/// tenant, so a key minted or a channel connected through another gateway works here within a second, while a stream
/// of invented key ids costs one directory read a second. Both maps are bounded; invented tenant ids only ever fill the negative one, which is dropped whole
/// when full.
/// </summary>
public sealed class TenantDirectoryCache(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time)
{
    /// <summary>How long "no such tenant" is believed, and how often an unknown key id may trigger a fresh lookup.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Slot> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _missing = new(StringComparer.Ordinal);

    // Bumped by Invalidate: a lookup that was in flight meanwhile must not put back what it read before.
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    /// <summary>
    /// The tenant's directory entry (null: no such tenant). When the cached entry does not satisfy
    /// <paramref name="expected"/> (a key id or integration it does not list), it is read again if it is older than
    /// <see cref="RecheckInterval"/>.
    /// </summary>
    public async ValueTask<TenantDirectoryEntry?> LookupAsync(string tenantId, Func<TenantDirectoryEntry, bool>? expected = null)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(tenantId, out var slot) && now - slot.FetchedAt < TimeSpan.FromSeconds(options.Value.DirectoryCacheSeconds) &&
            (expected is null || now - slot.FetchedAt < RecheckInterval || expected(slot.Entry)))
        {
            return slot.Entry;
        }

        if (_missing.TryGetValue(tenantId, out var since) && now - since < RecheckInterval)
        {
            return null;
        }

        var generation = _generations.GetValueOrDefault(tenantId);
        var entry = await CallerContext.RunAsAsync(CallerContext.Gateway(null), () => grains.GetTenantDirectoryGrain(tenantId).LookupAsync(tenantId));
        if (_generations.GetValueOrDefault(tenantId) != generation)
        {
            return entry;
        }

        if (entry is null)
        {
            _known.TryRemove(tenantId, out _);
            if (_missing.Count >= MaxEntries)
            {
                _missing.Clear();
            }

            _missing[tenantId] = now;
            return null;
        }

        _missing.TryRemove(tenantId, out _);
        if (_known.Count >= MaxEntries)
        {
            _known.Clear();
        }

        _known[tenantId] = new Slot(entry, now);
        return entry;
    }

    /// <summary>
    /// What this gateway already knows of the tenant, without reading the directory: false when it knows nothing fresh
    /// (used for sources over their rate limit, whose misses must cost nothing).
    /// </summary>
    public bool TryCached(string tenantId, out TenantDirectoryEntry? entry)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(tenantId, out var slot) && now - slot.FetchedAt < TimeSpan.FromSeconds(options.Value.DirectoryCacheSeconds))
        {
            entry = slot.Entry;
            return true;
        }

        entry = null;
        return _missing.TryGetValue(tenantId, out var since) && now - since < RecheckInterval;
    }

    /// <summary>Forgets what is known of the tenant: called after this gateway changed its keys or integrations.</summary>
    public void Invalidate(string tenantId)
    {
        _generations.AddOrUpdate(tenantId, 1, (_, generation) => generation + 1);
        _known.TryRemove(tenantId, out _);
        _missing.TryRemove(tenantId, out _);
    }

    private readonly record struct Slot(TenantDirectoryEntry Entry, DateTimeOffset FetchedAt);
}
