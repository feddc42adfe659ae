using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Omniops.Actors.Client.Audit;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// Faults of a real deployment: three silo processes and the standalone gateway on the fault run's own PostgreSQL,
/// failure detection shortened to <see cref="FaultCluster.FailureDetection"/> through configuration.
/// </summary>
[Trait("Category", "Faults")]
[Collection(FaultPostgres.Collection)]
public sealed class ClusterFaultTests(FaultPostgres postgres, ITestOutputHelper output) : IClassFixture<FaultPostgres>
{
    [Fact]
    public async Task KillingOneOfThreeSilosUnderLoadLosesAndDoublesNothingAndAnswersOnly503WhileItFailsOver()
    {
        await using var cluster = await FaultCluster.StartAsync(postgres, "killsilo");
        var secret = Webhooks.NewSecret();
        var tenant = await cluster.CreateTenantAsync("Kill Shop", secret);
        using var http = cluster.Http(TimeSpan.FromSeconds(60));
        var load = new WebhookLoad(http, tenant.TenantId, secret, senders: 64);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120));

        await WaitForAsync(() => load.Acknowledged.Count >= 200, TimeSpan.FromSeconds(60));
        var killedAt = load.Now();
        await cluster.Silos[1].Process.KillAsync();
        await Task.Delay(FaultCluster.FailureDetection * 3);
        await stop.CancelAsync();
        await running;

        var window = load.LongestGap(killedAt);
        var stored = await Sql.ScalarAsync(cluster.Superuser, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenant.TenantId);
        var statuses = string.Join(", ", load.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));
        output.WriteLine($"failure detection {FaultCluster.FailureDetection.TotalSeconds:0.0} s; unavailability window {window.TotalSeconds:0.00} s; " +
                         $"acknowledged {load.Acknowledged.Count}, stored {stored}; answers {statuses}");
        Assert.True(load.Unfinished.Count == 0, $"never acknowledged: {load.Unfinished.Count}; answers {statuses}\n{cluster.Output()}");
        Assert.Equal(load.Acknowledged.Count, load.Acknowledged.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(load.Acknowledged.Count, stored);
        Assert.True(load.Statuses.Keys.All(s => s is "202" or "503"), $"answers {statuses}\n{cluster.Output()}");
        Assert.Equal(0, load.WithoutRetryAfter);
        Assert.True(load.AcknowledgedAt.Count(t => t > killedAt + window) > 0, "nothing acknowledged after the failover");
        Assert.True(window <= FaultCluster.FailureDetection * 1.5,
            $"unavailability {window.TotalSeconds:0.00} s > 1.5 × {FaultCluster.FailureDetection.TotalSeconds} s; answers {statuses}\n{cluster.Output()}");
    }

    [Fact]
    public async Task RestartingPostgresUnderLoadRecoversByItselfLosesNothingAndKeepsTheAuditChainsValid()
    {
        await using var cluster = await FaultCluster.StartAsync(postgres, "restartpg");
        var secret = Webhooks.NewSecret();
        var tenant = await cluster.CreateTenantAsync("Restart Shop", secret);
        using var http = cluster.Http(TimeSpan.FromSeconds(60));
        var load = new WebhookLoad(http, tenant.TenantId, secret, senders: 16);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(150));

        await WaitForAsync(() => load.Acknowledged.Count >= 100, TimeSpan.FromSeconds(60));
        var before = load.Acknowledged.Count;
        await Task.Run(() => cluster.Postgres.Restart("fast"));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await Task.Run(() => cluster.Postgres.Restart("immediate"));
        await Task.Delay(TimeSpan.FromSeconds(5));
        // A longer outage, long enough for readiness to see it: stopped, ready must go 503; started, 200 again.
        await Task.Run(cluster.Postgres.Stop);
        var notReady = await WaitForReadinessAsync(http, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        await Task.Run(cluster.Postgres.Start);
        var restartedAt = DateTimeOffset.UtcNow;
        var readyAgain = await WaitForReadinessAsync(http, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var afterRestart = load.Acknowledged.Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running;

        var stored = await Sql.ScalarAsync(cluster.Superuser, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenant.TenantId);
        var statuses = string.Join(", ", load.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));
        output.WriteLine($"acknowledged {load.Acknowledged.Count} ({before} before the first restart), stored {stored}; answers {statuses}; " +
                         $"ready again {readyAgain.TotalSeconds:0.0} s after the start");
        // A client that honours 503 + Retry-After (a pooled connection may still meet the restart once).
        using var verified = await SendHonouringRetryAfterAsync(http, "/v1/audit/verify", tenant.AdminKey);
        using var verifiedOps = await SendHonouringRetryAfterAsync(http, "/ops/audit/verify?tenantId=ops", cluster.OperatorKey);

        Assert.True(notReady >= TimeSpan.Zero, "readiness never answered 503 while PostgreSQL was down");
        Assert.True(load.Unfinished.Count == 0, $"never acknowledged: {load.Unfinished.Count}; answers {statuses}\n{cluster.Output()}");
        Assert.Equal(load.Acknowledged.Count, stored);
        Assert.True(load.Acknowledged.Count > afterRestart, "nothing acknowledged after PostgreSQL came back");
        Assert.True(load.Statuses.Keys.All(s => s is "202" or "503"), $"answers {statuses}\n{cluster.Output()}");
        Assert.Equal(0, load.WithoutRetryAfter);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.True((await verified.Content.ReadFromJsonAsync<AuditVerificationResponse>())!.Valid);
        Assert.Equal(HttpStatusCode.OK, verifiedOps.StatusCode);
        Assert.True((await verifiedOps.Content.ReadFromJsonAsync<AuditVerificationResponse>())!.Valid);
        Assert.True(restartedAt > DateTimeOffset.MinValue);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Polls the gateway's <c>/health/ready</c> until it answers <paramref name="expected"/>; returns how long that took, or -1 s.</summary>
    private static async Task<TimeSpan> WaitForReadinessAsync(HttpClient http, HttpStatusCode expected, TimeSpan timeout)
    {
        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < timeout)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.StatusCode == expected)
                {
                    return DateTimeOffset.UtcNow - started;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        return TimeSpan.FromSeconds(-1);
    }

    private static async Task<HttpResponseMessage> SendHonouringRetryAfterAsync(HttpClient http, string path, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } wait || attempt == 10)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait);
        }
    }
}
