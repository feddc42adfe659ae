using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Http;

/// <summary>Liveness always answers; readiness is a grain round trip plus PostgreSQL when the process has a data source.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HealthTests(ClusterFixture fixture)
{
    [Fact]
    public async Task LivenessAndReadinessAnswerTheirStatusWithoutAKey()
    {
        using var live = await fixture.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await fixture.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("{\"status\":\"live\"}", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("{\"status\":\"ready\"}", await ready.Content.ReadAsStringAsync());
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AGatewayWithAReachableDataSourceIsReadyAndOneWithAnUnreachableOneIsNot()
    {
        var (reachable, reachableUrl) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings,
            services: services => services.AddSingleton(_ => NpgsqlDataSource.Create(fixture.ApplicationConnectionString)));
        var (unreachable, unreachableUrl) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings,
            services: services => services.AddSingleton(_ => NpgsqlDataSource.Create($"Host=127.0.0.1;Port={PostgresServer.FreePort()};Username=none;Database=none;Timeout=3")));
        await using (reachable.Stopping())
        await using (unreachable.Stopping())
        {
            using var http = new HttpClient();
            using var ready = await http.GetAsync(new Uri(reachableUrl, "/health/ready"));
            using var notReady = await http.GetAsync(new Uri(unreachableUrl, "/health/ready"));
            using var stillLive = await http.GetAsync(new Uri(unreachableUrl, "/health/live"));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("application/problem+json", notReady.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync());
            Assert.Equal("https://omniops.dev/problems/not-ready", problem.RootElement.GetProperty("type").GetString());
            Assert.Equal("Not reachable yet: postgresql.", problem.RootElement.GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
        }
    }
}
