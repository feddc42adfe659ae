using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Hosting;

/// <summary>
/// Two silo processes and a standalone gateway speaking mutual TLS to each other, the gateway serving HTTPS; a
/// gateway whose certificate comes from another authority cannot join.
/// </summary>
public sealed class TlsClusterTests
{
    [Fact]
    public async Task ACertifiedClusterWorksEndToEndAndAStrangersCertificateIsRefused()
    {
        using var authority = new TestCertificates("omniops");
        using var stranger = new TestCertificates("stranger");
        var (application, superuser) = await PostgresServer.Instance.CreateDatabaseAsync("tls");
        var settings = OmniopsTestCluster.Settings(application, "tls", "omniops-tls", Path.GetTempFileName());
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Omniops"] = application,
            ["Omniops__MasterKey"] = settings["Omniops:MasterKey"],
            ["Omniops__OperatorKey"] = settings["Omniops:OperatorKey"],
            ["Omniops__Cluster__ClusterId"] = "tls",
            ["Omniops__Cluster__ServiceId"] = "omniops-tls",
            ["Omniops__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Omniops__Tls__CaCertificate"] = authority.AuthorityPemPath,
            ["Omniops__Tls__CertificatePassword"] = "test",
        };
        using var https = authority.TrustingClient();
        var silos = new List<(HostProcess Process, Uri Url)>();
        await using var silo1 = Start("silo", common, authority.Issue("silo1"), https: true, silos);
        await using var silo2 = Start("silo", common, authority.Issue("silo2"), https: true, silos);
        foreach (var (process, url) in silos)
        {
            await process.WaitUntilReadyAsync(new Uri(url, "/health/ready"), TimeSpan.FromSeconds(120), https);
        }

        var gatewayUrl = new Uri($"https://127.0.0.1:{PostgresServer.FreePort()}");
        await using var gateway = HostProcess.Start("client", new Dictionary<string, string?>(common)
        {
            ["ASPNETCORE_URLS"] = gatewayUrl.ToString(),
            ["Omniops__Tls__Certificate"] = authority.Issue("gateway"),
        });
        await gateway.WaitUntilReadyAsync(new Uri(gatewayUrl, "/health/ready"), TimeSpan.FromSeconds(60), https);
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(gatewayUrl, "/v1/tenants")) { Content = JsonContent.Create(new { name = "TLS Shop" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings["Omniops:OperatorKey"]);
        using var created = await https.SendAsync(create);
        var tenant = await created.Content.ReadFromJsonAsync<TenantCreatedResponse>();

        var intruderUrl = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        await using var intruder = HostProcess.Start("client", new Dictionary<string, string?>(common)
        {
            ["ASPNETCORE_URLS"] = intruderUrl.ToString(),
            ["Omniops__Tls__Certificate"] = stranger.Issue("intruder"),
        });
        var joined = await AnswersReadyWithinAsync(new Uri(intruderUrl, "/health/ready"), TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("t", tenant!.TenantId, StringComparison.Ordinal);
        Assert.Equal(2L, await ScalarAsync(superuser, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        Assert.False(joined, "A gateway with a certificate from another authority joined the cluster:\n" + intruder.Output);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(new Uri(gatewayUrl, "/health/live")));
    }

    private static HostProcess Start(string project, Dictionary<string, string?> common, string certificate, bool https, List<(HostProcess, Uri)> started)
    {
        var url = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{PostgresServer.FreePort()}");
        var process = HostProcess.Start(project, new Dictionary<string, string?>(common)
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["Omniops__Tls__Certificate"] = certificate,
            ["Omniops__Cluster__SiloPort"] = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Omniops__Cluster__GatewayPort"] = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Omniops__Cluster__DashboardPort"] = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture),
        });
        started.Add((process, url));
        return process;
    }

    private static async Task<bool> AnswersReadyWithinAsync(Uri url, TimeSpan window)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow + window;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        return false;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
