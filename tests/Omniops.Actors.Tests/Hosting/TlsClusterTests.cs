using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
        var common = ProcessDeployment.Common(settings);
        common["Omniops__Tls__CaCertificate"] = authority.AuthorityPemPath;
        common["Omniops__Tls__CertificatePassword"] = "test";
        using var https = authority.TrustingClient();
        await using var silo1 = ProcessDeployment.StartSilo(With(common, authority.Issue("silo1")), "https");
        await using var silo2 = ProcessDeployment.StartSilo(With(common, authority.Issue("silo2")), "https");
        await silo1.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), https);
        await silo2.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), https);

        await using var gateway = ProcessDeployment.StartGateway(With(common, authority.Issue("gateway")), "https");
        var gatewayUrl = gateway.Url;
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), https);
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(gatewayUrl, "/v1/tenants")) { Content = JsonContent.Create(new { name = "TLS Shop" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings["Omniops:OperatorKey"]);
        using var created = await https.SendAsync(create);
        var tenant = await created.Content.ReadFromJsonAsync<TenantCreatedResponse>();

        await using var intruder = ProcessDeployment.StartGateway(With(common, stranger.Issue("intruder")));
        var joined = await AnswersReadyWithinAsync(new Uri(intruder.Url, "/health/ready"), TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("t", tenant!.TenantId, StringComparison.Ordinal);
        Assert.Equal(2L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        Assert.False(joined, "A gateway with a certificate from another authority joined the cluster:\n" + intruder.Process.Output);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(new Uri(gatewayUrl, "/health/live")));
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> common, string certificate) =>
        new(common) { ["Omniops__Tls__Certificate"] = certificate };

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
}
