using System.Collections.Concurrent;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// Hostile input at scale on the JSON API: FsCheck generates 10,000 requests to the mutating routes (bodies no route
/// accepts: malformed, huge, deeply nested, invalid UTF-8, lone surrogates, wrong types; wrong content types; hostile
/// headers) with a valid tenant admin key, an agent key where it applies, or none, sent 50 at a time to a gateway on
/// loopback over the shared cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileApiTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Batches = 200;
    private const int BatchSize = 50;

    private static readonly string[] Views = ["/v1/tenant", "/v1/credentials", "/v1/members", "/v1/privacy/requests", "/v1/actions"];

    [Fact]
    public async Task TenThousandHostileApiRequestsWithValidKeysAreAllAnswered4xxAndStoreNothing()
    {
        var tenant = await fixture.CreateTenantAsync("Fuzz API victim");
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody("m-api-fuzz", "crm-api-fuzz", "Where is my order #1042?", "c-api-fuzz", "Jamie Rivera", "jamie.rivera@example.com", "+15550137251"));
        delivered.EnsureSuccessStatusCode();
        var conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString()!;
        var targets = new ApiTargets(tenant.TenantId, conversationId, "crm-api-fuzz", "a" + new string('b', 20));
        var views = Views.Append("/v1/conversations/" + conversationId).ToArray();

        var (gateway, address) = await FuzzGateway.StartAsync(fixture);
        var beforeViews = await ReadAsync(views, tenant.AdminKey);
        var before = await TenantFootprint.OfAsync(fixture.SuperuserConnectionString, tenant.TenantId);
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        await using (gateway)
        {
            using var admin = new HostileSender(address, tenant.AdminKey);
            using var agent = new HostileSender(address, agentKey);
            using var anonymous = new HostileSender(address);
            var property = Prop.ForAll(Gen.ArrayOf(HostileApiRequests.Request(targets), BatchSize).ToArbitrary(), batch =>
            {
                var results = Task.Run(() => Task.WhenAll(batch.Select(r => (r.Caller switch
                {
                    ApiCaller.Admin => admin,
                    ApiCaller.Agent => agent,
                    _ => anonymous,
                }).SendAsync(r.Request)))).GetAwaiter().GetResult();
                Interlocked.Add(ref sent, results.Length);
                var failed = batch.Zip(results).Where(r =>
                {
                    statuses.AddOrUpdate(r.Second, 1, (_, n) => n + 1);
                    return r.Second is < 400 or >= 500;
                }).ToList();
                return Prop.Label(failed.Count == 0, string.Join(Environment.NewLine, failed.Take(3).Select(f => $"{f.Second} ← {f.First.Caller} {f.First.Request}")));
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(Batches).WithQuietOnSuccess(true), property);
            clock.Stop();
            await gateway.StopAsync();
        }

        var after = await TenantFootprint.OfAsync(fixture.SuperuserConnectionString, tenant.TenantId);
        var afterViews = await ReadAsync(views, tenant.AdminKey);
        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:F1} s ({sent / clock.Elapsed.TotalSeconds:F0}/s): " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) + $"; audit +{after.AuditEvents - before.AuditEvents}");

        Assert.Equal(Batches * BatchSize, sent);
        Assert.DoesNotContain(statuses.Keys, s => s is < 400 or >= 500);
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.GrainStates, after.GrainStates);
        Assert.Equal(beforeViews, afterViews);
    }

    /// <summary>What the tenant's admin reads back (settings, credentials, members, privacy queue, actions, the conversation).</summary>
    private async Task<string[]> ReadAsync(string[] paths, string adminKey)
    {
        var bodies = new List<string>();
        foreach (var path in paths)
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, adminKey);
            bodies.Add($"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return [.. bodies];
    }
}
