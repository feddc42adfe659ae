using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
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
        var (application, superuser) = await PostgresServer.Instance.CreateDatabaseAsync("procs");
        var settings = OmniopsTestCluster.Settings(application, "procs", "omniops-procs", Path.GetTempFileName());
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Omniops"] = application,
            ["Omniops__MasterKey"] = settings["Omniops:MasterKey"],
            ["Omniops__OperatorKey"] = settings["Omniops:OperatorKey"],
            ["Omniops__Cluster__ClusterId"] = "procs",
            ["Omniops__Cluster__ServiceId"] = "omniops-procs",
            ["Omniops__Cluster__AdvertisedAddress"] = "127.0.0.1",
        };
        var silos = new List<(HostProcess Process, Uri Url)>();
        await using var silo1 = StartSilo(common, silos);
        await using var silo2 = StartSilo(common, silos);
        foreach (var (process, url) in silos)
        {
            await process.WaitUntilReadyAsync(new Uri(url, "/health/ready"), TimeSpan.FromSeconds(120));
        }

        var gatewayUrl = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        await using var gateway = HostProcess.Start("client", new Dictionary<string, string?>(common) { ["ASPNETCORE_URLS"] = gatewayUrl.ToString() });
        await gateway.WaitUntilReadyAsync(new Uri(gatewayUrl, "/health/ready"), TimeSpan.FromSeconds(60));

        using var http = new HttpClient { BaseAddress = gatewayUrl };
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name = "Cluster Shop" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings["Omniops:OperatorKey"]);
        using var created = await http.SendAsync(create);
        var tenant = (await created.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminKey);
        using var profile = await http.SendAsync(read);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(2L, await ScalarAsync(superuser, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        Assert.Equal(1L, await ScalarAsync(superuser, "SELECT count(*) FROM orleansstorage WHERE graintypestring LIKE '%tenant%'"));
        Assert.True(await ScalarAsync(superuser, "SELECT count(*) FROM omniops_audit_events") >= 3);
    }

    private static HostProcess StartSilo(Dictionary<string, string?> common, List<(HostProcess, Uri)> silos)
    {
        var url = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        var process = HostProcess.Start("silo", new Dictionary<string, string?>(common)
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["Omniops__Cluster__SiloPort"] = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Omniops__Cluster__GatewayPort"] = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Omniops__Cluster__DashboardPort"] = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture),
        });
        silos.Add((process, url));
        return process;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
