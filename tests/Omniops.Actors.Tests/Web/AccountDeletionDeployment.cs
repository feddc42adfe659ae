using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Web;

/// <summary>A deployment of its own whose tenant-deletion cooling-off period is a day: a scheduled deletion waits for the test.</summary>
public sealed class AccountDeletionDeployment : IAsyncLifetime
{
    public static readonly TimeSpan CoolingOff = TimeSpan.FromDays(1);

    public ClusterFixture Cluster { get; } = new(new Dictionary<string, string?>
    {
        ["Omniops:Tenants:DeletionCoolingOff"] = CoolingOff.ToString(),
    }, null);

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();
}
