using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>The isolation filter and the grains' own checks, called directly through the cluster client.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainIsolationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AForeignCallerGetsTheSameErrorAsForAMissingTenant()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        var bAdmin = new CallerContext(b.TenantId, b.AdminKeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));

        var foreign = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            ClusterFixture.AsAsync(bAdmin, () => fixture.Grains.GetTenantGrain(a.TenantId).GetAsync()));
        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            ClusterFixture.AsAsync(bAdmin with { TenantId = "tmissing" }, () => fixture.Grains.GetTenantGrain("tmissing").GetAsync()));
        var foreignLog = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            ClusterFixture.AsAsync(bAdmin, () => fixture.Grains.GetAuditLogGrain(a.TenantId).ReadAsync(0, 10)));

        Assert.Equal(missing.Message, foreign.Message);
        Assert.Equal(missing.Message, foreignLog.Message);
    }

    [Fact]
    public async Task ACallWithoutCallerOrScopeIsDeniedAndTheDenialIsAuditedWithoutTheTarget()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        var bAgent = new CallerContext(b.TenantId, "kagent", ActorKind.Agent, Roles.ScopesOf(Roles.Agent));

        await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.Grains.GetTenantGrain(a.TenantId).GetAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            ClusterFixture.AsAsync(bAgent, () => fixture.Grains.GetTenantGrain(b.TenantId).UpdateSettingsAsync(
                new TenantSettingsPatch(null, null, null, true, null, null, null))));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            ClusterFixture.AsAsync(bAgent, () => fixture.Grains.GetTenantGrain(a.TenantId).GetAsync()));

        using var log = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", b.AdminKey);
        var text = await log.Content.ReadAsStringAsync();
        var events = JsonDocument.Parse(text).RootElement.GetProperty("events").EnumerateArray().ToArray();
        var denials = events.Where(e => e.GetProperty("outcome").GetString() == AuditOutcomes.Denied).ToArray();
        Assert.Contains(denials, e => e.GetProperty("operation").GetString() == "omniops.tenant.update-settings");
        Assert.Contains(denials, e => e.GetProperty("operation").GetString() == "omniops.tenant.get");
        Assert.All(denials, e => Assert.Equal("kagent", e.GetProperty("actorId").GetString()));
        Assert.DoesNotContain(a.TenantId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperatorCannotReadTenantData()
    {
        var a = await fixture.CreateTenantAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            ClusterFixture.AsAsync(CallerContext.Operator("operator"), () => fixture.Grains.GetTenantGrain(a.TenantId).GetAsync()));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            ClusterFixture.AsAsync(CallerContext.Operator("operator"), () => fixture.Grains.GetAuditLogGrain(a.TenantId).ReadAsync(0, 10)));
    }
}
