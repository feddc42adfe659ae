using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// The silo's view of tenant data keys: unwraps them on first use (the KEK never leaves this process), keeps them
/// in memory, creates version 1 on demand, adds versions on rotation and re-wraps under a new master key. Old
/// versions stay readable; new encryptions use the newest version this silo knows (refreshed every minute).
/// </summary>
public sealed class TenantKeyring(ITenantKeyStore store, IKeyEncryptionKeyProvider keks, TimeProvider time)
{
    public const string KeyId = "tenant";
    private static readonly TimeSpan CurrentRefresh = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Tenant, int Version), DataKey> _keys = new();
    private readonly ConcurrentDictionary<string, (int Version, DateTimeOffset LoadedAt)> _current = new(StringComparer.Ordinal);

    /// <summary>Drops this silo's cached keys of a tenant whose keys were destroyed (offboarding).</summary>
    public void Forget(string tenantId)
    {
        _current.TryRemove(tenantId, out _);
        foreach (var key in _keys.Keys.Where(k => k.Tenant == tenantId))
        {
            _keys.TryRemove(key, out _);
        }
    }

    /// <summary>The newest key version of the tenant, created if the tenant has none yet.</summary>
    public async ValueTask<DataKey> CurrentAsync(string tenantId)
    {
        if (_current.TryGetValue(tenantId, out var current) && time.GetUtcNow() - current.LoadedAt < CurrentRefresh &&
            _keys.TryGetValue((tenantId, current.Version), out var cached))
        {
            return cached;
        }

        var records = await store.ReadAsync(tenantId);
        if (records.Count == 0)
        {
            await AddVersionAsync(tenantId, 1);
            records = await store.ReadAsync(tenantId);
        }

        var newest = records[^1];
        var key = await UnwrapAsync(newest);
        _current[tenantId] = (newest.Version, time.GetUtcNow());
        return key;
    }

    /// <summary>A given version (to open what an older version sealed).</summary>
    public async ValueTask<DataKey> VersionAsync(string tenantId, int version)
    {
        if (_keys.TryGetValue((tenantId, version), out var cached))
        {
            return cached;
        }

        var record = (await store.ReadAsync(tenantId)).FirstOrDefault(r => r.Version == version)
            ?? throw new KeyUnavailableException($"Tenant key version {version} of {tenantId} does not exist.");
        return await UnwrapAsync(record);
    }

    /// <summary>Version 1 of the tenant key (creating the tenant's keys if needed): the root of derived keys.</summary>
    public async ValueTask<DataKey> VersionOrCreateFirstAsync(string tenantId)
    {
        if (!_keys.ContainsKey((tenantId, 1)))
        {
            await CurrentAsync(tenantId);
        }

        return await VersionAsync(tenantId, 1);
    }

    /// <summary>Adds a new key version for the tenant and returns it; older versions keep opening what they sealed.</summary>
    public async Task<int> RotateAsync(string tenantId)
    {
        var records = await store.ReadAsync(tenantId);
        var next = records.Count == 0 ? 1 : records[^1].Version + 1;
        await AddVersionAsync(tenantId, next);
        _current.TryRemove(tenantId, out _);
        return next;
    }

    /// <summary>Re-wraps every tenant key not wrapped by the current master key. Returns how many were re-wrapped.</summary>
    public async Task<int> RewrapAllAsync(CancellationToken cancellationToken = default)
    {
        var rewrapped = 0;
        foreach (var record in await store.ReadNotWrappedByAsync(keks.CurrentKekId, cancellationToken))
        {
            var material = await keks.UnwrapAsync(record.Wrapped, Context(record.TenantId, record.Version));
            var wrapped = await keks.WrapAsync(material, Context(record.TenantId, record.Version));
            CryptographicOperations.ZeroMemory(material);
            if (await store.RewrapAsync(record.TenantId, record.Version, record.Wrapped.KekId, wrapped, cancellationToken))
            {
                rewrapped++;
            }
        }

        return rewrapped;
    }

    /// <summary>
    /// Checks that every stored tenant key is wrapped by a configured master key (start-up refuses otherwise). KEK ids
    /// are HMACs of the keys themselves, so a matching id means the right key.
    /// </summary>
    public async Task RequireUnwrappableAsync(CancellationToken cancellationToken)
    {
        var counts = await store.CountByKekAsync(cancellationToken);
        var unknown = counts.Keys.Where(k => !keks.KekIds.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidOperationException(
                $"The configured master key cannot unwrap {unknown.Sum(k => counts[k])} stored tenant key(s) wrapped by {string.Join(", ", unknown)}: " +
                "configure that key as Omniops__MasterKey or Omniops__PreviousMasterKeys__0.");
        }
    }

    private async Task AddVersionAsync(string tenantId, int version)
    {
        var material = RandomNumberGenerator.GetBytes(DataKey.Length);
        var wrapped = await keks.WrapAsync(material, Context(tenantId, version));
        await store.TryAddAsync(new TenantKeyRecord(tenantId, version, wrapped, time.GetUtcNow()));
    }

    private async ValueTask<DataKey> UnwrapAsync(TenantKeyRecord record)
    {
        if (_keys.TryGetValue((record.TenantId, record.Version), out var cached))
        {
            return cached;
        }

        var material = await keks.UnwrapAsync(record.Wrapped, Context(record.TenantId, record.Version));
        return _keys.GetOrAdd((record.TenantId, record.Version), new DataKey(KeyId, record.Version, material));
    }

    private static string Context(string tenantId, int version) => $"tenant-key|{tenantId}|{version}";
}
