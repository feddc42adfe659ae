using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Hosting;

/// <summary>
/// The deployment shape of docker-compose, as real processes on loopback: two silos on PostgreSQL (ADO.NET
/// membership, storage, reminders; schema migrated by whichever starts first) and a standalone gateway joining them.
/// </summary>
public sealed class ProcessClusterTests
{
    [Fact]
    public async Task TwoSilosAndAStandaloneGatewayFormOneClusterOnPostgres()
    {
        var (application, owner, superuser) = await PostgresServer.Instance.CreateDatabaseAsync("procs");
        var settings = OmniopsTestCluster.Settings(application, owner, "procs", "omniops-procs", Path.GetTempFileName());
        var common = ProcessDeployment.Common(settings);
        await using var silo1 = ProcessDeployment.StartSilo(common);
        await using var silo2 = ProcessDeployment.StartSilo(common);
        await silo1.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        await silo2.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        await using var gateway = ProcessDeployment.StartGateway(common);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        using var http = new HttpClient { BaseAddress = gateway.Url };
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name = "Cluster Shop" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings["Omniops:OperatorKey"]);
        using var created = await http.SendAsync(create);
        var tenant = (await created.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminKey);
        using var profile = await http.SendAsync(read);
        using var connect = new HttpRequestMessage(HttpMethod.Put, "/v1/credentials/generic") { Content = JsonContent.Create(new { secret = "cluster-webhook-secret" }) };
        connect.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminKey);
        using var connected = await http.SendAsync(connect);
        // Messages of several customers through the standalone gateway: conversations live on both silos.
        var delivered = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var message = await Channels.Webhooks.PostGenericAsync(http, tenant.TenantId, "cluster-webhook-secret",
                Channels.Webhooks.GenericBody($"cluster-{i}", $"customer-{i}", $"message {i}"));
            delivered.Add(message.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.All(delivered, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(6L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM omniops_messages"));
        Assert.Equal(6L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM conversation_index"));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(2L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        Assert.Equal(1L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM orleansstorage WHERE graintypestring LIKE '%tenant%' AND graintypestring NOT LIKE '%directory%'"));
        Assert.Equal(1L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM orleansstorage WHERE graintypestring LIKE '%tenant%directory%'"));
        Assert.True(await Sql.ScalarAsync(superuser, "SELECT count(*) FROM omniops_audit_events") >= 3);
    }
}
