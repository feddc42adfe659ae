using Orleans.Concurrency;
using Omniops.Actors.GrainInterfaces.Health;

namespace Omniops.Actors.Grains.Health;

[StatelessWorker]
public sealed class HealthGrain(TimeProvider time) : Grain, IHealthGrain
{
    public Task<DateTimeOffset> PingAsync() => Task.FromResult(time.GetUtcNow());
}
