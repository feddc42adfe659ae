using System.Globalization;
using System.Net;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// The mandatory privacy topics are bound to their bodies: a captured signed body cannot be relabelled as another
/// topic, a destructive one cannot be recorded twice under fresh webhook ids, and a destructive one waits out a
/// cooling-off window before it may take effect.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ShopifyComplianceTests(ClusterFixture fixture)
{
    /// <summary>What the test deployment configures as <c>Omniops:Compliance:CoolingOff</c>.</summary>
    private static readonly TimeSpan CoolingOff = TimeSpan.Parse(OmniopsTestCluster.ComplianceCoolingOff, CultureInfo.InvariantCulture);

    private readonly ShopifyDeliveries _shop = new(fixture);

    [Theory]
    [InlineData("shopify-customers-data-request.json", "shop/redact")]
    [InlineData("shopify-customers-data-request.json", "customers/redact")]
    [InlineData("shopify-customers-redact.json", "shop/redact")]
    [InlineData("shopify-customers-redact.json", "customers/data_request")]
    [InlineData("shopify-shop-redact.json", "customers/redact")]
    [InlineData("shopify-shop-redact.json", "customers/data_request")]
    public async Task ASignedPrivacyBodyRelabelledAsAnotherTopicIsABadRequestAuditedAndRecordsNothing(string file, string topic)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();

        var (status, _) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file));
        var (statusAgain, _) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(HttpStatusCode.BadRequest, statusAgain);
        Assert.Equal(2, (await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey)).Count(r => r == ("shopify", "topic-mismatch")));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("customers/redact", "shopify-customers-redact.json")]
    [InlineData("shop/redact", "shopify-shop-redact.json")]
    public async Task AReplayedRedactBodyUnderAFreshWebhookIdIsADuplicateAndRecordedOnce(string topic, string file)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();

        var (status, first) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file));
        var (replayStatus, replay) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file));
        var (againStatus, again) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(ShopifyDeliveries.Duplicate(first));
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.True(ShopifyDeliveries.Duplicate(replay));
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.True(ShopifyDeliveries.Duplicate(again));
        Assert.Equal(first.GetProperty("effectiveAt").GetDateTimeOffset(), replay.GetProperty("effectiveAt").GetDateTimeOffset());
        Assert.Equal(1, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
        var audit = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);
        Assert.Single(audit, e => e.GetProperty("operation").GetString() == "privacy.platform-request");
    }

    [Fact]
    public async Task ADataRequestBodyRepeatedUnderAFreshWebhookIdIsRecordedAgainBecauseItDestroysNothing()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();

        var (_, first) = await _shop.DeliverAsync(tenant.TenantId, secret, "customers/data_request", Webhooks.Fixture("shopify-customers-data-request.json"));
        var (_, second) = await _shop.DeliverAsync(tenant.TenantId, secret, "customers/data_request", Webhooks.Fixture("shopify-customers-data-request.json"));

        Assert.False(ShopifyDeliveries.Duplicate(first));
        Assert.False(ShopifyDeliveries.Duplicate(second));
        Assert.Equal(2, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("customers/redact", "shopify-customers-redact.json", true)]
    [InlineData("shop/redact", "shopify-shop-redact.json", true)]
    [InlineData("customers/data_request", "shopify-customers-data-request.json", false)]
    public async Task ARedactTakesEffectOnlyAfterTheCoolingOffWindowRecordedWithIt(string topic, string file, bool destructive)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var before = DateTimeOffset.UtcNow;

        var (status, result) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file));
        var effectiveAt = result.GetProperty("effectiveAt").GetDateTimeOffset();

        Assert.Equal(HttpStatusCode.OK, status);
        var window = destructive ? CoolingOff : TimeSpan.Zero;
        Assert.InRange(effectiveAt, before.AddSeconds(-5) + window, DateTimeOffset.UtcNow.AddSeconds(5) + window);
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM omniops_compliance_requests
            WHERE tenant_id = $1 AND topic = $2 AND effective_at = received_at + $3 AND effective_at = $4
            """, tenant.TenantId, topic, window, effectiveAt.UtcDateTime));
    }
}
