namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Removes what grain storage keeps of a grain after its state was cleared. The PostgreSQL storage's clear deletes
/// the live row but keeps a tombstone (the grain's key and version, for optimistic concurrency); erasure must leave
/// neither, so the erasing grain clears its state and then purges every row under its key.
/// </summary>
public interface IGrainStatePurger
{
    /// <summary>Deletes every state row and tombstone stored under the grain key <paramref name="grainKey"/>; how many.</summary>
    Task<int> PurgeAsync(string grainKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the tombstones of <paramref name="tenantId"/>'s grains (keys <c>{tenant}/…</c>) left before
    /// <paramref name="before"/>: the retention sweep's purge of what cleared grains left behind; how many.
    /// </summary>
    Task<int> PurgeTombstonesAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default);
}
