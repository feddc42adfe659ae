using System.Diagnostics;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>Asking for what does not exist costs an activation for the duration of the call, not until idle collection.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AbsentResourceActivationTests(ClusterFixture fixture)
{
    private const int PerType = 200;

    [Fact]
    public async Task GrainsThatFindNoStateLeaveNoActivationBehind()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = new CallerContext(tenant.TenantId, tenant.AdminKeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        var grains = fixture.Grains;
        var probes = new List<(IAddressable Grain, Func<Task> Call)>();
        for (var i = 0; i < PerType; i++)
        {
            var conversation = grains.GetConversationGrain(tenant.TenantId, GrainKeys.NewLocalId('c'));
            var customer = grains.GetCustomerGrain(tenant.TenantId, GrainKeys.NewLocalId('u'));
            var order = grains.GetOrderGrain(tenant.TenantId, GrainKeys.NewLocalId('o'));
            var credential = grains.GetCredentialGrain(tenant.TenantId, GrainKeys.NewLocalId('i'));
            var unknownTenantId = GrainKeys.NewTenantId();
            var unknownTenant = grains.GetTenantGrain(unknownTenantId);
            probes.Add((conversation, () => ClusterFixture.AsAsync(admin, () => conversation.GetAsync(0, 50))));
            probes.Add((customer, () => ClusterFixture.AsAsync(admin, customer.GetAsync)));
            probes.Add((order, () => ClusterFixture.AsAsync(admin, order.GetAsync)));
            probes.Add((credential, () => ClusterFixture.AsAsync(admin, credential.GetMetadataAsync)));
            probes.Add((unknownTenant, () => ClusterFixture.AsAsync(admin with { TenantId = unknownTenantId }, unknownTenant.GetAsync)));
        }

        foreach (var batch in probes.Chunk(50))
        {
            await Task.WhenAll(batch.Select(p => Assert.ThrowsAsync<ResourceNotFoundException>(p.Call)));
        }

        // The tenant that exists is active (it just answered), which shows the statistics do list these grains.
        var probed = probes.Select(p => p.Grain.GetGrainId()).ToHashSet();
        var existing = grains.GetTenantGrain(tenant.TenantId).GetGrainId();
        var management = grains.GetGrain<IManagementGrain>(0);
        var clock = Stopwatch.StartNew();
        List<GrainId> active;
        bool existingActive;
        do
        {
            var statistics = await management.GetDetailedGrainStatistics();
            active = [.. statistics.Select(s => s.GrainId).Where(probed.Contains)];
            existingActive = statistics.Any(s => s.GrainId == existing);
            if (active.Count == 0)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(10));

        Assert.True(existingActive);
        Assert.Empty(active);
    }
}
