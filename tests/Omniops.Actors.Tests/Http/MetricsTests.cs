using System.Globalization;
using System.Net;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Http;

/// <summary><c>/metrics</c>: the operator's alone, Prometheus text, and nothing in it names a tenant or a person.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MetricsTests(ClusterFixture fixture)
{
    private const string Deliveries = "omniops_webhook_deliveries_total";

    [Fact]
    public async Task MetricsRefuseAnonymousCallersAndTenantKeysAndAnswerTheOperatorInPrometheusText()
    {
        var tenant = await fixture.CreateTenantAsync();

        using var anonymous = await fixture.SendAsync(HttpMethod.Get, "/metrics", null);
        using var tenantKey = await fixture.SendAsync(HttpMethod.Get, "/metrics", tenant.AdminKey);
        using var wrongKey = await fixture.SendAsync(HttpMethod.Get, "/metrics", "not-the-operator-key");
        using var operatorKey = await fixture.SendAsync(HttpMethod.Get, "/metrics", fixture.OperatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("# TYPE", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // As on the /ops routes: only the operator key's scheme is asked, so a tenant key authenticates as nobody.
        Assert.Equal(HttpStatusCode.Unauthorized, tenantKey.StatusCode);
        Assert.DoesNotContain("# TYPE", await tenantKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorKey.StatusCode);
        Assert.Equal("text/plain", operatorKey.Content.Headers.ContentType?.MediaType);
        Assert.Contains("omniops_http_rejected_total{", await operatorKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebhookDeliveryCountsAsAcceptedAndNoPlantedValueOrTenantIdReachesTheMetrics()
    {
        const string tenantName = "Canary Outfitters Qx7Tenant";
        const string email = "canary.qx7@example.com";
        const string customerName = "Quinn Canaryfield";
        const string customerRef = "crm-canary-qx7";
        const string messageId = "m-canary-qx7";
        var tenant = await fixture.CreateTenantAsync(tenantName);
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        var before = Count(await ScrapeAsync(), "generic", "accepted");
        var body = Webhooks.GenericBody(messageId, customerRef, "Where is parcel " + secret + "?", name: customerName, email: email, phone: "+14155550123");

        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body);
        using var redelivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body);
        using var forged = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, Webhooks.NewSecret(), body);
        var text = await ScrapeUntilAsync(t => Count(t, "generic", "accepted") > before && Count(t, "generic", "duplicate") > 0 && Count(t, "generic", "refused") > 0);

        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        Assert.Equal(before + 1, Count(text, "generic", "accepted"));
        Assert.Contains("omniops_webhook_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("omniops_audit_appends_total{", text, StringComparison.Ordinal);
        foreach (var planted in new[] { tenant.TenantId, tenant.AdminKey, tenantName, "Qx7Tenant", secret, email, customerName, customerRef, messageId, "4155550123" })
        {
            Assert.DoesNotContain(planted, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/metrics", fixture.OperatorKey);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (the exporter may answer from a briefly cached scrape).</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> done)
    {
        var text = await ScrapeAsync();
        for (var attempt = 0; attempt < 50 && !done(text); attempt++)
        {
            await Task.Delay(100);
            text = await ScrapeAsync();
        }

        return text;
    }

    /// <summary>The delivery counter's value for one channel and outcome (0 when absent).</summary>
    private static long Count(string text, string channel, string outcome) =>
        text.Split('\n')
            .Where(line => line.StartsWith(Deliveries + "{", StringComparison.Ordinal)
                && line.Contains($"channel=\"{channel}\"", StringComparison.Ordinal) && line.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture))
            .Sum();
}
