namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>Where wrapped tenant data keys live (a table of their own, so that rotation and start-up checks need no grain).</summary>
public interface ITenantKeyStore
{
    Task<IReadOnlyList<TenantKeyRecord>> ReadAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Adds a version; false when that version already exists (another silo won the race).</summary>
    Task<bool> TryAddAsync(TenantKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces the wrapping of one version (master-key rotation), only if it is still wrapped by <paramref name="expectedKekId"/>.</summary>
    Task<bool> RewrapAsync(string tenantId, int version, string expectedKekId, WrappedKey wrapped, CancellationToken cancellationToken = default);

    /// <summary>Every record not wrapped by <paramref name="kekId"/>.</summary>
    Task<IReadOnlyList<TenantKeyRecord>> ReadNotWrappedByAsync(string kekId, CancellationToken cancellationToken = default);

    /// <summary>How many key versions each KEK wraps.</summary>
    Task<IReadOnlyDictionary<string, long>> CountByKekAsync(CancellationToken cancellationToken = default);
}
