using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Storage;

/// <summary>A two-silo cluster on PostgreSQL is stopped completely and started again on the same database.</summary>
public sealed class ClusterRestartTests
{
    [Fact]
    public async Task TenantStateAndTheAuditChainSurviveAFullClusterRestart()
    {
        var (application, owner, _) = await PostgresServer.Instance.CreateDatabaseAsync("restart");
        var settings = OmniopsTestCluster.Settings(application, owner, "restart", "omniops-restart", Path.GetTempFileName());
        var tenantId = GrainKeys.NewTenantId();
        TenantCreated created;
        TenantView before;

        await using (var first = OmniopsTestCluster.Build(settings))
        {
            await first.DeployAsync();
            Assert.Equal(2, first.GetActiveSilos().Count());
            created = await CallerContext.RunAsAsync(CallerContext.Operator("operator"),
                () => first.Client.GetTenantGrain(tenantId).CreateAsync(new TenantCreation("Restart Shop", "eu")));
            before = await CallerContext.RunAsAsync(Admin(tenantId, created), () =>
                first.Client.GetTenantGrain(tenantId).UpdateSettingsAsync(new TenantSettingsPatch(TimeSpan.FromDays(42), null, null, true, null, null, ["eu"])));
            await first.StopAllSilosAsync();
        }

        await using var second = OmniopsTestCluster.Build(settings);
        await second.DeployAsync();
        // The directory answers from storage before the tenant grain has been activated again.
        var entry = await CallerContext.RunAsAsync(CallerContext.Gateway(null), () => second.Client.GetTenantDirectoryGrain(tenantId).LookupAsync(tenantId));
        var after = await CallerContext.RunAsAsync(Admin(tenantId, created), () => second.Client.GetTenantGrain(tenantId).GetAsync());
        var verification = await CallerContext.RunAsAsync(Admin(tenantId, created), () => second.Client.GetAuditLogGrain(tenantId).VerifyAsync());

        Assert.Equivalent(before, after, strict: true);
        Assert.Equal(TimeSpan.FromDays(42), after.Settings.Retention.Conversations);
        Assert.NotNull(entry);
        Assert.Equal(ApiKeyFormat.HashSecret(created.AdminKey.Key.Split('.')[3]), entry.Key(created.AdminKey.KeyId)?.SecretHash);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(2, verification.Events);
    }

    private static CallerContext Admin(string tenantId, TenantCreated created) =>
        new(tenantId, created.AdminKey.KeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
}
