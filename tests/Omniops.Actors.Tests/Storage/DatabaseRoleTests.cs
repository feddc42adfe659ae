using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Storage;

/// <summary>
/// The silos run as a role that neither owns the schema nor is a superuser: such a role could rewrite the audit log
/// or disable its triggers, so start-up refuses it unless the development setting allows it.
/// </summary>
public sealed class DatabaseRoleTests
{
    [Theory]
    [InlineData("owner")]
    [InlineData("superuser")]
    public async Task ASiloWhoseRuntimeRoleOwnsTheSchemaOrIsASuperuserRefusesToStartNamingTheSetting(string runtime)
    {
        var (_, owner, superuser) = await PostgresServer.Instance.CreateDatabaseAsync("ownerrole");
        var settings = OmniopsTestCluster.Settings(runtime == "owner" ? owner : superuser, owner, "ownerrole", "omniops-ownerrole", Path.GetTempFileName());

        await using var cluster = OmniopsTestCluster.Build(settings, silos: 1);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync());

        var message = refused.ToString();
        Assert.Contains(runtime == "owner" ? "is the owner of the schema" : "is a superuser", message, StringComparison.Ordinal);
        Assert.Contains("Omniops:Storage:AllowOwnerRole=true", message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:OmniopsMigrations", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAMigrationConnectionTheRuntimeRoleMigratesAndIsRefusedAsTheOwner()
    {
        var (_, owner, _) = await PostgresServer.Instance.CreateDatabaseAsync("ownerrole");
        var settings = OmniopsTestCluster.Settings(owner, owner, "ownerrole", "omniops-ownerrole", Path.GetTempFileName());
        settings["ConnectionStrings:OmniopsMigrations"] = null;

        await using var cluster = OmniopsTestCluster.Build(settings, silos: 1);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync());

        Assert.Contains("Omniops:Storage:AllowOwnerRole=true", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDevelopmentSettingLetsTheSchemaOwnerRunTheSilos()
    {
        var (_, owner, _) = await PostgresServer.Instance.CreateDatabaseAsync("ownerrole");
        var settings = OmniopsTestCluster.Settings(owner, owner, "ownerrole", "omniops-ownerrole", Path.GetTempFileName());
        settings["ConnectionStrings:OmniopsMigrations"] = null;
        settings["Omniops:Storage:AllowOwnerRole"] = "true";

        await using var cluster = OmniopsTestCluster.Build(settings, silos: 1);
        await cluster.DeployAsync();

        Assert.Single(cluster.GetActiveSilos());
    }
}
