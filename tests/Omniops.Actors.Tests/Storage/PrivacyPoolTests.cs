using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Privacy;

namespace Omniops.Actors.Tests.Storage;

/// <summary>
/// The privacy work has a connection pool of its own, small and named apart from the runtime's; the audit writer keeps
/// its connection between batches and opens a fresh one after that connection was lost, losing no event.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivacyPoolTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=omniops", 4, "omniops-privacy")]
    [InlineData("Host=127.0.0.1;Username=omniops;Application Name=silo-2", 2, "silo-2-privacy")]
    [InlineData("Host=127.0.0.1;Username=omniops;Minimum Pool Size=10;Maximum Pool Size=200", 4, "omniops-privacy")]
    public void ThePrivacyPoolIsTheRuntimesConnectionWithItsOwnSizeAndName(string runtime, int connections, string name)
    {
        var privacy = new NpgsqlConnectionStringBuilder(PrivacyPool.ConnectionString(runtime, connections));

        Assert.Equal(connections, privacy.MaxPoolSize);
        Assert.True(privacy.MinPoolSize <= connections);
        Assert.Equal(name, privacy.ApplicationName);
        Assert.Equal("127.0.0.1", privacy.Host);
        Assert.Equal("omniops", privacy.Username);
    }

    [Theory]
    [InlineData(null, PrivacyPool.DefaultConnections)]
    [InlineData("1", 1)]
    [InlineData("64", 64)]
    public void ThePoolSizeComesFromConfigurationWithADefault(string? configured, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PrivacyPool.ConnectionsKey] = configured }).Build();

        Assert.Equal(expected, PrivacyPool.Connections(configuration));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-3")]
    public void APoolSizeOutOfRangeStopsTheSiloFromStarting(string configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PrivacyPool.ConnectionsKey] = configured }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => PrivacyPool.Connections(configuration));
        Assert.Contains(PrivacyPool.ConnectionsKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSilosPrivacyPoolHasItsOwnSizeAndNameAndAPrivacyRequestLeavesItsConnectionsWithinThem()
    {
        // Registered as configured: the keyed data source the privacy stores take.
        var pool = new NpgsqlConnectionStringBuilder(fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<NpgsqlDataSource>(StorageNames.Privacy).ConnectionString);
        Assert.Equal(PrivacyPool.DefaultConnections, pool.MaxPoolSize);
        Assert.Equal("omniops" + PrivacyPool.ApplicationNameSuffix, pool.ApplicationName);

        const string secret = "privacy-pool-generic-secret";
        var tenant = await fixture.CreateTenantAsync("Pool Outfitters");
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        using var message = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody("m-" + Guid.NewGuid().ToString("N"), "crm-pool", "Where is my parcel?", null, name: "Jamie Rivera", email: $"p-{Guid.NewGuid():N}@example.com"));
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        var customerRef = (await Webhooks.JsonAsync(read)).GetProperty("customerRef").GetString()!;

        var requestId = await PrivacyChecks.StartAsync(fixture, tenant.AdminKey, new { kind = "erasure", customerRef });
        var request = await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, requestId);

        Assert.Equal("completed", request.GetProperty("status").GetString());
        // Each silo of the fixture has its stores' pool, and the silos of this process share the grain state's (Npgsql
        // pools a connection string per process): at most (silos + 1) × the configured size, whatever ran before.
        var privacy = await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", "omniops" + PrivacyPool.ApplicationNameSuffix);
        Assert.InRange(privacy, 1, (fixture.Cluster.Silos.Count + 1) * PrivacyPool.DefaultConnections);
    }

    [Fact]
    public async Task AnAuditAppendAfterTheWritersConnectionWasKilledIsStoredAndTheChainVerifies()
    {
        var tenantId = GrainKeys.NewTenantId();
        var log = fixture.Grains.GetAuditLogGrain(tenantId);
        var system = new CallerContext(tenantId, "privacy-pool-test", ActorKind.System, [Scopes.AuditAppend, Scopes.AuditRead]);
        await ClusterFixture.AsAsync(system, () => log.AppendAsync(new AuditEntry("test.before", AuditOutcomes.Success)));

        // The idle server processes whose last statement was the audit INSERT: only the writers' kept connections (one
        // per silo) run it, between batches.
        var killed = await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle' AND query LIKE '%INSERT INTO omniops_audit_events%') t
            """);
        var after = await ClusterFixture.AsAsync(system, () => log.AppendAsync(new AuditEntry("test.after", AuditOutcomes.Success)));
        var events = await ClusterFixture.AsAsync(system, () => log.ReadAsync(0, 10));

        Assert.True(killed >= 1, "the writer's connection was not found");
        Assert.Equal(2, after.Sequence);
        Assert.Equal(["test.before", "test.after"], events.Select(e => e.Operation));
        Assert.True((await ClusterFixture.AsAsync(system, () => log.VerifyAsync())).Valid);
    }
}
