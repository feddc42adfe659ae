namespace Omniops.Actors.Grains.Storage;

/// <summary>The embedded node's memory grain storage removes an entry on clear and keeps no tombstone: nothing to purge.</summary>
public sealed class InMemoryGrainStatePurger : IGrainStatePurger
{
    public Task<int> PurgeAsync(string grainKey, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> PurgeTombstonesAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default) => Task.FromResult(0);
}
