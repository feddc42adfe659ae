using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Omniops.Actors.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Omniops.Actors.Tests.Http;

/// <summary>
/// A cluster that cannot answer right now (a silo died mid-request, a message was rejected, a call timed out, the
/// database blinked) is a 503 with Retry-After, so a platform retries; a genuine bug stays a 500 that shows nothing
/// and logs no personal value.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailureAnswerTests(ClusterFixture fixture)
{
    private const string PlantedEmail = "failing.customer.zz9@example.com";

    private static readonly Dictionary<string, Func<Exception>> Transient = new()
    {
        ["silo-unavailable"] = () => new SiloUnavailableException(),
        // The runtime's own constructor is internal: built as the runtime builds it.
        ["message-rejected"] = () => (Exception)Activator.CreateInstance(typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance,
            null, ["Forwarding failed: tried to forward message for 2 times."], CultureInfo.InvariantCulture)!,
        ["connection-failed"] = () => new ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:11111:0."),
        ["timeout"] = () => new TimeoutException("Response did not arrive on time in 00:00:30."),
        ["gateway-busy"] = () => new GatewayTooBusyException(),
        ["wrapped"] = () => new OrleansException("The grain call failed.", new SiloUnavailableException()),
        ["postgres-transient"] = () => new NpgsqlException("Exception while connecting", new System.Net.Sockets.SocketException(111)),
    };

    [Fact]
    public async Task EveryTransientClusterFailureIsA503WithRetryAfterAndCountedAsARejection()
    {
        var (app, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings, map: MapThrowingRoutes);
        await using (app.Stopping())
        {
            using var http = new HttpClient { BaseAddress = address };
            foreach (var kind in Transient.Keys)
            {
                using var response = await http.PostAsync(new Uri("/test/throw/" + kind, UriKind.Relative), null);
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{kind}: {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
                Assert.Equal("https://omniops.dev/problems/cluster-unavailable", problem.GetProperty("type").GetString());
            }
        }
    }

    [Fact]
    public async Task AGenuineBugIsStillA500ThatShowsNothingAndLogsNoPersonalValue()
    {
        var (app, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings, map: MapThrowingRoutes);
        await using (app.Stopping())
        {
            using var http = new HttpClient { BaseAddress = address };
            using var bug = await http.PostAsync(new Uri("/test/throw/bug", UriKind.Relative), null);
            using var plainOrleans = await http.PostAsync(new Uri("/test/throw/orleans-bug", UriKind.Relative), null);
            var body = await bug.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, bug.StatusCode);
            Assert.Null(bug.Headers.RetryAfter);
            Assert.Equal("https://omniops.dev/problems/internal", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
            Assert.DoesNotContain(PlantedEmail, body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.InternalServerError, plainOrleans.StatusCode);
        }

        var logs = await OmniopsTestCluster.ReadLogsAsync(fixture.Settings);
        Assert.Contains("Unexpected InvalidOperationException", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantedEmail, logs, StringComparison.OrdinalIgnoreCase);
    }

    private static void MapThrowingRoutes(WebApplication app) =>
        app.MapPost("/test/throw/{kind}", Throw).AllowAnonymous();

    private static IResult Throw(string kind) => throw (kind switch
    {
        "bug" => new InvalidOperationException("Order state broken for " + PlantedEmail),
        "orleans-bug" => new OrleansException("No implementation for the grain interface."),
        _ => Transient[kind](),
    });
}
