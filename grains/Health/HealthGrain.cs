using Orleans.Concurrency;
using Omniops.Actors.GrainInterfaces.Health;

namespace Omniops.Actors.Grains.Health;

/// <summary>
/// The readiness round trip: answers the silo's time when the silo's database answers too (<see cref="DatabaseProbe"/>,
/// cached ~2 s), and fails otherwise, so a gateway without a database of its own still reports not ready while
/// PostgreSQL is down.
/// </summary>
[StatelessWorker]
public sealed class HealthGrain(TimeProvider time, DatabaseProbe database) : Grain, IHealthGrain
{
    public async Task<DateTimeOffset> PingAsync() =>
        await database.IsReachableAsync()
            ? time.GetUtcNow()
            : throw new InvalidOperationException("The silo's database cannot be reached.");
}
