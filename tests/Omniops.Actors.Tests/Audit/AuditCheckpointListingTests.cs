using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

/// <summary>The periodic checkpoint lists the logs it signs as the runtime role, under row-level security.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditCheckpointListingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ThePeriodicCheckpointFindsEveryLogDespiteRowLevelSecurity()
    {
        var tenant = await fixture.CreateTenantAsync();
        var store = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IAuditStore>();

        var logs = await store.ReadTenantIdsAsync();

        Assert.Contains(tenant.TenantId, logs);
        Assert.Contains(GrainKeys.OperatorTenant, logs);
    }
}
