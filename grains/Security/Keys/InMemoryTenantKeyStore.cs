using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>The embedded node's tenant key store.</summary>
public sealed class InMemoryTenantKeyStore : ITenantKeyStore
{
    private readonly Dictionary<(string, int), TenantKeyRecord> _records = [];
    private readonly Lock _gate = new();

    public Task<IReadOnlyList<TenantKeyRecord>> ReadAsync(string tenantId, CancellationToken cancellationToken = default) =>
        Select(r => r.TenantId == tenantId);

    public Task<bool> TryAddAsync(TenantKeyRecord record, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.TryAdd((record.TenantId, record.Version), record));
        }
    }

    public Task<bool> RewrapAsync(string tenantId, int version, string expectedKekId, WrappedKey wrapped, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue((tenantId, version), out var record) || record.Wrapped.KekId != expectedKekId)
            {
                return Task.FromResult(false);
            }

            _records[(tenantId, version)] = record with { Wrapped = wrapped };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<TenantKeyRecord>> ReadNotWrappedByAsync(string kekId, CancellationToken cancellationToken = default) =>
        Select(r => r.Wrapped.KekId != kekId);

    public Task<IReadOnlyDictionary<string, long>> CountByKekAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, long> counts = _records.Values.GroupBy(r => r.Wrapped.KekId).ToDictionary(g => g.Key, g => (long)g.Count());
            return Task.FromResult(counts);
        }
    }

    private Task<IReadOnlyList<TenantKeyRecord>> Select(Func<TenantKeyRecord, bool> predicate)
    {
        lock (_gate)
        {
            IReadOnlyList<TenantKeyRecord> selected = _records.Values.Where(predicate).OrderBy(r => r.TenantId, StringComparer.Ordinal).ThenBy(r => r.Version).ToArray();
            return Task.FromResult(selected);
        }
    }

    /// <summary>Every version of the tenant's key (offboarding's last step, never with the other records); how many.</summary>
    public int DestroyTenant(string tenantId)
    {
        lock (_gate)
        {
            return InMemoryRows.Forget(_records, k => k.Item1 == tenantId);
        }
    }
}
