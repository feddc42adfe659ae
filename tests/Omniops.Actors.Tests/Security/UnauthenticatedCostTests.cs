using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>What a caller without a valid key or signature can make the system spend: nothing that lasts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnauthenticatedCostTests(ClusterFixture fixture)
{
    private const int Budget = 5;

    [Fact]
    public async Task AFloodOfUnknownTenantsLeavesNoActivationsAndOnlyTheBudgetedAuditEvents()
    {
        // The source-address limit is lifted so that every request of the flood reaches the directory.
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, With(fixture.Settings, ("Omniops:RejectionAuditsPerMinute", $"{Budget}"),
            ("Omniops:AnonymousPermitsPerSecond", "1000000"), ("Omniops:AnonymousBurst", "1000000")));
        await using var _ = gateway.Stopping();
        await fixture.DrainRejectionAuditAsync();
        var beforeIds = (await DetailedActivationsAsync()).Select(s => s.GrainId).ToHashSet();
        // Every tenant that existed before the flood has an audit trail (from its creation on); the operator's is 'ops'.
        var existingTenants = (await Sql.ColumnAsync(fixture.SuperuserConnectionString, "SELECT DISTINCT tenant_id FROM omniops_audit_events")).ToHashSet();
        var invented = new System.Collections.Concurrent.ConcurrentBag<string>();
        var since = await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT coalesce(max(seq), 0) FROM omniops_audit_events WHERE tenant_id = 'ops'");
        var (signIns, webhooks) = (0, 0);

        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            using var http = SourceAddress.Client(address, $"127.0.0.{10 + worker}");
            while (deadline.Elapsed < TimeSpan.FromSeconds(3))
            {
                using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
                var (keyTenant, deliveryTenant) = (GrainKeys.NewTenantId(), GrainKeys.NewTenantId());
                invented.Add(keyTenant);
                invented.Add(deliveryTenant);
                read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RandomKey(keyTenant));
                using var refused = await http.SendAsync(read);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                Interlocked.Increment(ref signIns);
                using var delivery = await Webhooks.PostGenericAsync(http, deliveryTenant, "guessed", Webhooks.GenericBody("m", "c", "probe"));
                Assert.Equal(HttpStatusCode.NotFound, delivery.StatusCode);
                Interlocked.Increment(ref webhooks);
            }
        }));
        var rejections = gateway.Services.GetRequiredService<RejectionAudit>();
        await rejections.DrainAsync();
        await rejections.FlushAsync();
        var after = await ActivationsAsync();
        var afterDetailed = await DetailedActivationsAsync();

        Assert.True(signIns > 100, $"Only {signIns} sign-ins were tried.");
        // No grain of the flood's invented tenants is active, and any grain activated meanwhile (the directory's shards
        // aside) belongs to a tenant that existed before it: the shared cluster's own background work (an earlier
        // test's outbox retry or reminder waking a tenant's audit log) is not the flood's cost.
        var inventedTenants = invented.ToHashSet();
        Assert.DoesNotContain(afterDetailed, s => inventedTenants.Contains(TenantOf(s.GrainId)));
        foreach (var activation in afterDetailed.Where(s => !beforeIds.Contains(s.GrainId) && !s.GrainType.Contains("TenantDirectory", StringComparison.Ordinal)))
        {
            Assert.True(existingTenants.Contains(TenantOf(activation.GrainId)),
                $"{activation.GrainType} {activation.GrainId} was activated during the flood; it belongs to no tenant that existed before it.");
        }

        Assert.True(after.Where(a => a.Key.Contains("TenantDirectory", StringComparison.Ordinal)).Sum(a => a.Value) <= GrainKeys.TenantDirectoryShards);
        // The operator log took the budget one by one, whatever the kind of refusal; everything else is counted.
        var oneByOne = (SignIns: await OperatorEventsAsync("auth.sign-in", "unknown-tenant", since), Webhooks: await OperatorEventsAsync("webhook.reject", "not-connected", since));
        var counted = (SignIns: await SuppressedCountAsync("auth.sign-in-suppressed", "unknown-tenant", since),
            Webhooks: await SuppressedCountAsync("webhook.reject-suppressed", "not-connected", since));
        Assert.Equal(Budget, oneByOne.SignIns + oneByOne.Webhooks);
        Assert.Equal(signIns, oneByOne.SignIns + counted.SignIns);
        Assert.Equal(webhooks, oneByOne.Webhooks + counted.Webhooks);
    }

    [Fact]
    public async Task UnauthenticatedRequestsAreLimitedPerSourceAddressAndAuthenticatedOnesAreNot()
    {
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, With(fixture.Settings,
            ("Omniops:AnonymousPermitsPerSecond", "1"), ("Omniops:AnonymousBurst", "5")));
        await using var _ = gateway.Stopping();
        var tenant = await fixture.CreateTenantAsync();
        using var stranger = SourceAddress.Client(address, "127.0.0.4");
        using var neighbour = SourceAddress.Client(address, "127.0.0.5");

        var refused = new List<HttpStatusCode>();
        string? retryAfter = null;
        var heldFor = TimeSpan.Zero;
        for (var i = 0; i < 20 && !refused.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            var started = Stopwatch.StartNew();
            using var response = await SendAsync(stranger, RandomKey());
            heldFor = started.Elapsed;
            refused.Add(response.StatusCode);
            retryAfter = response.Headers.RetryAfter?.ToString();
        }

        using var sameAddressWithAValidKey = await SendAsync(stranger, tenant.AdminKey);
        using var otherAddress = await SendAsync(neighbour, RandomKey());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused[^1]);
        Assert.InRange(refused.Count, 6, 8);
        Assert.All(refused.SkipLast(1), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.False(string.IsNullOrEmpty(retryAfter));
        // The refusal was held (the tarpit): a flood that waits for its answers slows to one request per connection and delay.
        Assert.True(heldFor >= TimeSpan.FromMilliseconds(new GatewayOptions().RefusalDelayMilliseconds - 20), $"The 429 came after {heldFor.TotalMilliseconds} ms.");
        Assert.Equal(HttpStatusCode.OK, sameAddressWithAValidKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAddress.StatusCode);
    }

    [Fact]
    public async Task ForgedWebhooksDoNotMakeACorrectlySignedDeliveryGet429()
    {
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, With(fixture.Settings,
            ("Omniops:Webhooks:PermitsPerSecond", "2"), ("Omniops:Webhooks:Burst", "10")));
        await using var _ = gateway.Stopping();
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        var forged = new List<HttpStatusCode>();
        var lastBody = string.Empty;

        using (var forger = SourceAddress.Client(address, "127.0.0.2"))
        {
            for (var i = 0; i < 300 && !forged.Contains(HttpStatusCode.TooManyRequests); i++)
            {
                using var response = await Webhooks.PostGenericAsync(forger, tenant.TenantId, "not-the-secret", Webhooks.GenericBody($"forged-{i}", "c", "forged"));
                forged.Add(response.StatusCode);
                lastBody = await response.Content.ReadAsStringAsync();
            }
        }

        var signed = new List<HttpStatusCode>();
        using (var platform = SourceAddress.Client(address, "127.0.0.1"))
        {
            for (var i = 0; i < 8; i++)
            {
                using var response = await Webhooks.PostGenericAsync(platform, tenant.TenantId, secret, Webhooks.GenericBody($"signed-{i}", "c-1", "hello"));
                signed.Add(response.StatusCode);
            }
        }

        Assert.True(forged[^1] == HttpStatusCode.TooManyRequests, string.Join(",", forged.GroupBy(s => s).Select(g => $"{g.Key}:{g.Count()}")) + " " + lastBody);
        Assert.Contains(HttpStatusCode.Unauthorized, forged);
        Assert.Equal(HttpStatusCode.TooManyRequests, forged[^1]);
        Assert.True(forged.Count > 10, "The forger was limited before spending more than the tenant's whole burst.");
        Assert.All(signed, status => Assert.Equal(HttpStatusCode.Accepted, status));
    }

    [Fact]
    public async Task ManyConnectionsOfBadSignaturesCannotSpendTheSourcesBudgetManyTimesOverNorFillTheTenantsLog()
    {
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, With(fixture.Settings, ("Omniops:RejectionAuditsPerMinute", $"{Budget}")));
        await using var _ = gateway.Stopping();
        var tenant = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", Webhooks.NewSecret());
        var options = new GatewayOptions();
        var verified = 0;
        var clock = Stopwatch.StartNew();

        // 48 connections at once from one source, for two seconds.
        await Task.WhenAll(Enumerable.Range(0, 48).Select(async _ =>
        {
            using var forger = SourceAddress.Client(address, "127.0.0.6");
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                using var response = await Webhooks.PostGenericAsync(forger, tenant.TenantId, "not-the-secret", Webhooks.GenericBody("f", "c", "forged"));
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    Interlocked.Increment(ref verified);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        await gateway.Services.GetRequiredService<RejectionAudit>().DrainAsync();

        // Each verification that failed took a token before the next could start beyond the in-flight cap.
        var allowance = options.AnonymousBurst + (options.AnonymousPermitsPerSecond * (elapsed + 1)) + options.UnverifiedDeliveriesPerSource;
        Assert.InRange(verified, 1, allowance);
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'credential.verify'", tenant.TenantId));
        Assert.Equal(Budget, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'webhook.reject' AND details::jsonb ->> 'source' = '127.0.0.0/24'", tenant.TenantId));
    }

    [Fact]
    public async Task OnlyATrustedProxysForwardedAddressNamesTheSource()
    {
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, With(fixture.Settings,
            ("Omniops:AnonymousPermitsPerSecond", "1"), ("Omniops:AnonymousBurst", "2"), ("Omniops:TrustedProxies:0", "127.0.0.8"),
            ("Omniops:RefusalDelayMilliseconds", "0")));
        await using var _ = gateway.Stopping();
        using var proxy = SourceAddress.Client(address, "127.0.0.8");
        using var stranger = SourceAddress.Client(address, "127.0.0.9");

        // Ten clients behind the trusted proxy: ten sources, each within its burst of 2.
        var throughProxy = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            throughProxy.Add(await StatusForwardedAsync(proxy, $"198.51.100.{i + 1}"));
        }

        // One stranger naming ten clients: still one source, refused past its burst (and what refilled meanwhile).
        var clock = Stopwatch.StartNew();
        var fromStranger = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            fromStranger.Add(await StatusForwardedAsync(stranger, $"203.0.113.{i + 1}"));
        }

        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.All(throughProxy, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.InRange(fromStranger.Count(status => status == HttpStatusCode.Unauthorized), 2, 2 + refilled);
    }

    private static async Task<HttpStatusCode> StatusForwardedAsync(HttpClient http, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RandomKey());
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task AWrongKeyForAMissingTenantIsRefusedInAboutTheTimeOfOneForAnExistingTenant()
    {
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, With(fixture.Settings,
            ("Omniops:AnonymousPermitsPerSecond", "1000000"), ("Omniops:AnonymousBurst", "1000000")));
        await using var _ = gateway.Stopping();
        var tenant = await fixture.CreateTenantAsync();
        var missingTenant = GrainKeys.NewTenantId();
        using var http = SourceAddress.Client(address, "127.0.0.3");
        var (existing, missing) = (new List<double>(), new List<double>());

        for (var i = 0; i < 150; i++)
        {
            existing.Add(await TimeRefusalAsync(http, $"omk.{tenant.TenantId}.{GrainKeys.NewLocalId('k')}.{RandomSecret()}"));
            missing.Add(await TimeRefusalAsync(http, $"omk.{missingTenant}.{GrainKeys.NewLocalId('k')}.{RandomSecret()}"));
        }

        // The bound: the medians (after a warm-up) are within a factor of two of each other. Before the tenant directory,
        // an existing tenant took 8.8 ms against 3.4 ms for a missing one (2.6 times).
        var (existingMedian, missingMedian) = (Median(existing.Skip(20)), Median(missing.Skip(20)));
        Assert.InRange(missingMedian / existingMedian, 0.5, 2.0);
    }

    [Fact]
    public async Task AKeyRevokedThroughOneGatewayIsRefusedByAnotherWithinTheDirectoryCacheBound()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (other, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings,
            configure: builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await using var _ = other.Stopping();
        using var otherHttp = new HttpClient { BaseAddress = address };
        var tenant = await fixture.CreateTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var agentKeyId = agentKey.Split('.')[2];
        var bound = TimeSpan.FromSeconds(new GatewayOptions().DirectoryCacheSeconds);

        var beforeRevocation = await StatusAsync(otherHttp, agentKey);
        using (var revoke = await fixture.SendAsync(HttpMethod.Delete, "/v1/api-keys/" + agentKeyId, tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var here = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", agentKey);
        var withinTheBound = await StatusAsync(otherHttp, agentKey);
        clock.Advance(bound);
        var afterTheBound = await StatusAsync(otherHttp, agentKey);

        var minted = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        clock.Advance(TenantDirectoryCache.RecheckInterval);
        var mintedElsewhere = await StatusAsync(otherHttp, minted);

        Assert.Equal(HttpStatusCode.OK, beforeRevocation);
        Assert.Equal(HttpStatusCode.Unauthorized, here.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withinTheBound);
        Assert.Equal(HttpStatusCode.Unauthorized, afterTheBound);
        Assert.Equal(HttpStatusCode.OK, mintedElsewhere);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(request);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<double> TimeRefusalAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return elapsed;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private async Task<DetailedGrainStatistic[]> DetailedActivationsAsync() =>
        [.. (await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Where(s => s.GrainType.Contains("Omniops", StringComparison.Ordinal))];

    /// <summary>The tenant part of a grain's key (keys are <c>{tenantId}</c> or <c>{tenantId}/…</c>).</summary>
    private static string TenantOf(GrainId grain) => grain.Key.ToString()!.Split('/')[0];

    private async Task<Dictionary<string, int>> ActivationsAsync()
    {
        var statistics = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("Omniops", StringComparison.Ordinal))
            .GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }

    private Task<long> OperatorEventsAsync(string operation, string reason, long since) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM omniops_audit_events
            WHERE tenant_id = 'ops' AND operation = $1 AND details::jsonb ->> 'reason' = $2 AND seq > $3
            """, operation, reason, since);

    private Task<long> SuppressedCountAsync(string operation, string reason, long since) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT coalesce(sum((details::jsonb ->> 'count')::bigint), 0)::bigint FROM omniops_audit_events
            WHERE tenant_id = 'ops' AND operation = $1 AND details::jsonb ->> 'reason' = $2 AND seq > $3
            """, operation, reason, since);

    private static string RandomKey() => RandomKey(GrainKeys.NewTenantId());

    private static string RandomKey(string tenantId) => $"omk.{tenantId}.{GrainKeys.NewLocalId('k')}.{RandomSecret()}";

    private static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> settings, params (string Key, string Value)[] overrides)
    {
        var merged = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value;
        }

        return merged;
    }
}
