using System.Collections.Concurrent;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// Hostile input at scale on the three webhook adapters: FsCheck generates 10,000 deliveries (hostile bodies, tampered
/// and valid signatures, hostile headers) sent 50 at a time to a gateway on loopback over the shared cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileWebhookTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Batches = 200;
    private const int BatchSize = 50;

    [Fact]
    public async Task TenThousandHostileDeliveriesNeverGet5xxAndThoseWhoseSignatureFailsStoreNothingAndAuditWithinTheBudget()
    {
        var victim = await fixture.CreateTenantAsync("Fuzz victim");
        var signed = await fixture.CreateTenantAsync("Fuzz signed");
        var secret = Webhooks.NewSecret();
        foreach (var tenant in new[] { victim, signed })
        {
            foreach (var integration in new[] { "generic", "whatsapp", "shopify", "whatsapp-verify" })
            {
                await Webhooks.ConnectAsync(fixture, tenant.AdminKey, integration, secret);
            }
        }

        var fixtures = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Channels", "Fixtures"), "*.json");
        var targets = new WebhookTargets(victim.TenantId, signed.TenantId, secret,
            [Webhooks.GenericBody("m-seed", "crm-seed", "Where is my order #1042?", "c-seed", "Jamie Rivera", "jamie.rivera@example.com", "+15550137251")],
            [.. fixtures.Where(f => Path.GetFileName(f).StartsWith("whatsapp-", StringComparison.Ordinal)).Select(File.ReadAllBytes)],
            [.. fixtures.Where(f => Path.GetFileName(f).StartsWith("shopify-", StringComparison.Ordinal)).Select(f => (TopicOf(f), File.ReadAllBytes(f)))]);
        var (gateway, address) = await FuzzGateway.StartAsync(fixture);
        var stopped = false;
        var budget = gateway.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RejectionAuditsPerMinute;
        var before = await TenantFootprint.OfAsync(fixture.SuperuserConnectionString, victim.TenantId);
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            using var sender = new HostileSender(address);
            var property = Prop.ForAll(Gen.ArrayOf(HostileWebhooks.Request(targets), BatchSize).ToArbitrary(), batch =>
            {
                var results = Task.Run(() => Task.WhenAll(batch.Select(sender.SendAsync))).GetAwaiter().GetResult();
                Interlocked.Add(ref sent, results.Length);
                var failed = batch.Zip(results).Where(r =>
                {
                    statuses.AddOrUpdate(r.Second, 1, (_, n) => n + 1);
                    return r.Second is < 200 or >= 500 || (r.First.Path.Contains(victim.TenantId, StringComparison.Ordinal) && r.Second < 400);
                }).ToList();
                return Prop.Label(failed.Count == 0, string.Join(Environment.NewLine, failed.Take(3).Select(f => $"{f.Second} ← {f.First}")));
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(Batches).WithQuietOnSuccess(true), property);
            clock.Stop();
            await gateway.StopAsync();
            stopped = true;
        }
        finally
        {
            if (!stopped)
            {
                await gateway.StopAsync();
            }

            await gateway.DisposeAsync();
        }

        var after = await TenantFootprint.OfAsync(fixture.SuperuserConnectionString, victim.TenantId);
        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:F1} s ({sent / clock.Elapsed.TotalSeconds:F0}/s): " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) + $"; victim audit +{after.AuditEvents - before.AuditEvents}");
        var windows = (long)Math.Ceiling(clock.Elapsed.TotalMinutes) + 1;

        Assert.Equal(Batches * BatchSize, sent);
        Assert.DoesNotContain(statuses.Keys, s => s >= 500 || s < 200);
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.GrainStates, after.GrainStates);
        // One by one within the budget a minute, plus at most one summary per (channel, reason) group and minute.
        Assert.InRange(after.AuditEvents - before.AuditEvents, 1, windows * (budget + 40));
    }

    private static string TopicOf(string file) => Path.GetFileNameWithoutExtension(file)["shopify-".Length..] switch
    {
        "orders-create" => "orders/create",
        "orders-updated" => "orders/updated",
        "refunds-create" => "refunds/create",
        "products-create" => "products/create",
        "customers-data-request" => "customers/data_request",
        "customers-redact" => "customers/redact",
        "shop-redact" => "shop/redact",
        var other => other,
    };
}
