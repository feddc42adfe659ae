using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

/// <summary>Several events appended at once are consecutive links of the chain, stored together or not at all.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditBatchTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EventsAppendedTogetherAreConsecutiveLinksAndTheChainAndItsCheckpointVerify()
    {
        var tenantId = GrainKeys.NewTenantId();
        var log = fixture.Grains.GetAuditLogGrain(tenantId);
        await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.before", AuditOutcomes.Success)));

        var receipts = await ClusterFixture.AsAsync(System(tenantId), () => log.AppendManyAsync(
            [new AuditEntry("test.one", AuditOutcomes.Success), new AuditEntry("test.two", AuditOutcomes.Denied, "r"), new AuditEntry("test.three", AuditOutcomes.Success)]));
        await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.after", AuditOutcomes.Success)));
        var checkpoint = await ClusterFixture.AsAsync(Operator(), () => log.CheckpointAsync());
        var events = await ClusterFixture.AsAsync(System(tenantId), () => log.ReadAsync(0, 500));
        var verification = await ClusterFixture.AsAsync(System(tenantId), () => log.VerifyAsync());

        Assert.Equal([2L, 3L, 4L], receipts.Select(r => r.Sequence));
        Assert.Equal(["test.before", "test.one", "test.two", "test.three", "test.after"], events.Select(e => e.Operation));
        Assert.Equal(receipts.Select(r => r.Hash), events.Skip(1).Take(3).Select(e => Convert.ToHexStringLower(e.Hash)));
        Assert.All(events.Skip(1), e => Assert.Equal(events[(int)e.Sequence - 2].Hash, e.PreviousHash));
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(5, verification.Events);
        Assert.Equal(5, checkpoint!.Sequence);
    }

    [Fact]
    public async Task ABatchWithOneInvalidEntryStoresNoneOfItAndTheNextAppendFollowsTheLastStoredEvent()
    {
        var tenantId = GrainKeys.NewTenantId();
        var log = fixture.Grains.GetAuditLogGrain(tenantId);
        await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.before", AuditOutcomes.Success)));

        await Assert.ThrowsAsync<RequestValidationException>(() => ClusterFixture.AsAsync(System(tenantId), () => log.AppendManyAsync(
            [new AuditEntry("test.one", AuditOutcomes.Success), new AuditEntry("", AuditOutcomes.Success)])));
        await Assert.ThrowsAsync<RequestValidationException>(() => ClusterFixture.AsAsync(System(tenantId), () => log.AppendManyAsync(
            [.. Enumerable.Range(0, IAuditLogGrain.MaxBatch + 1).Select(_ => new AuditEntry("test.many", AuditOutcomes.Success))])));
        var next = await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.after", AuditOutcomes.Success)));
        var events = await ClusterFixture.AsAsync(System(tenantId), () => log.ReadAsync(0, 500));

        Assert.Equal(2, next.Sequence);
        Assert.Equal(["test.before", "test.after"], events.Select(e => e.Operation));
        Assert.True((await ClusterFixture.AsAsync(System(tenantId), () => log.VerifyAsync())).Valid);
    }

    [Fact]
    public async Task AStoredBatchWhoseSecondEventBreaksTheChainLeavesNoneOfItsEventsInTheDatabase()
    {
        var tenantId = GrainKeys.NewTenantId();
        var services = fixture.Cluster.Silos[0].SiloHost.Services;
        var keys = services.GetRequiredService<AuditKeys>();
        var (hmacKey, chainKey) = (await keys.ForTenantAsync(tenantId), await keys.ChainKeyAsync(tenantId));
        var store = services.GetRequiredService<IAuditStore>();
        var first = AuditChain.Seal(tenantId, 1, DateTimeOffset.UtcNow, System(tenantId), new AuditEntry("test.one", AuditOutcomes.Success), AuditChain.Genesis, hmacKey, chainKey);
        var forked = AuditChain.Seal(tenantId, 2, DateTimeOffset.UtcNow, System(tenantId), new AuditEntry("test.two", AuditOutcomes.Success), AuditChain.Genesis, hmacKey, chainKey);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendManyAsync([first, forked]));

        Assert.Null(await store.ReadHeadAsync(tenantId));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1", tenantId));
    }

    private static CallerContext System(string tenantId) => new(tenantId, "audit-batch-test", ActorKind.System, [Scopes.AuditAppend, Scopes.AuditRead]);

    private static CallerContext Operator() => CallerContext.Operator("audit-batch-test");
}
