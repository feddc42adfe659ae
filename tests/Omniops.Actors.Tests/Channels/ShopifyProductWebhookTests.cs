using System.Net;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// Shopify's <c>products/create</c> and <c>products/update</c> fill the tenant's catalogue: signed, deduplicated by
/// <c>X-Shopify-Webhook-Id</c>, never replaced by an older version, and nothing stored for a refused delivery.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ShopifyProductWebhookTests(ClusterFixture fixture)
{
    public static byte[] Product => Webhooks.Fixture("shopify-products-create.json");

    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task AProductDeliveryIsStoredInTheTenantsCatalogueOnceAndItsRedeliveryIsADuplicate()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var webhookId = ShopifyDeliveries.NewWebhookId();

        var (first, firstBody) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create", Product, webhookId);
        var (again, againBody) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create", Product, webhookId);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.False(ShopifyDeliveries.Duplicate(firstBody));
        Assert.Equal("8801234567890", firstBody.GetProperty("productId").GetString());
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True(ShopifyDeliveries.Duplicate(againBody));
        Assert.Equal(1, await ProductsAsync(tenant.TenantId));
        var found = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId), () => fixture.Grains.GetCatalogueGrain(tenant.TenantId).SearchAsync("mug-spk-500", 10));
        var product = Assert.Single(found);
        Assert.Equal("Speckled Stoneware Mug", product.Title);
        Assert.Equal(["ceramics", "gift", "mug"], product.Tags);
        Assert.Equal(2, product.Variants.Count);
        Assert.True(product.Variants[0].Available);
        Assert.Equal(12, product.Variants[0].InventoryQuantity);
        Assert.False(product.Variants[1].Available);
        Assert.Equal("22.00", product.Variants[1].Price);
    }

    [Fact]
    public async Task AnUpdateReplacesTheProductButAnOlderOneArrivingLateDoesNot()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var newer = WebhookChecks.Edit(WebhookChecks.Edit(Product, "\"updated_at\": \"2026-11-20T08:15:00-05:00\"", "\"updated_at\": \"2026-11-21T08:15:00-05:00\""),
            "Speckled Stoneware Mug", "Speckled Stoneware Mug II");
        var older = WebhookChecks.Edit(Product, "Speckled Stoneware Mug", "Old Mug Title");

        var (created, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create", Product);
        var (updated, updatedBody) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/update", newer);
        var (late, lateBody) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/update", older);

        Assert.Equal(HttpStatusCode.OK, created);
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.False(ShopifyDeliveries.Stale(updatedBody));
        Assert.Equal(HttpStatusCode.OK, late);
        Assert.True(ShopifyDeliveries.Stale(lateBody));
        var found = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId), () => fixture.Grains.GetCatalogueGrain(tenant.TenantId).SearchAsync("stoneware", 10));
        Assert.Equal("Speckled Stoneware Mug II", Assert.Single(found).Title);
    }

    [Fact]
    public async Task AnUnsignedOrMalformedProductDeliveryIsRefusedAndStoresNothing()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();

        var (unsigned, _) = await _shop.DeliverAsync(tenant.TenantId, "not-the-secret", "products/create", Product);
        var (malformed, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create", WebhookChecks.Edit(Product, "\"id\": 8801234567890", "\"id\": [1]"));
        var (overlong, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create",
            WebhookChecks.Edit(Product, "\"vendor\": \"Harbour Pottery\"", "\"vendor\": \"" + new string('v', 300) + "\""));

        // A NUL character (valid JSON, \u0000) that PostgreSQL's text cannot hold: found by HostileWebhookTests as a 500.
        var (nul, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create",
            WebhookChecks.Edit(Product, "\"vendor\": \"Harbour Pottery\"", "\"vendor\": \"Harbour\\u0000Pottery\""));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Equal(HttpStatusCode.BadRequest, overlong);
        Assert.Equal(HttpStatusCode.BadRequest, nul);
        Assert.Equal(0, await ProductsAsync(tenant.TenantId));
        var reasons = await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey);
        Assert.Contains(("shopify", "bad-signature"), reasons);
        Assert.Contains(("shopify", "malformed"), reasons);
        Assert.Contains(("shopify", "invalid-content"), reasons);
    }

    [Fact]
    public async Task AnOrdersSignedBodyRelabelledAsAProductTopicIsRefusedAndStoresNothing()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();

        var (order, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/update", ShopifyDeliveries.Created);
        var (refund, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "products/create", ShopifyDeliveries.Refunded);

        Assert.Equal(HttpStatusCode.BadRequest, order);
        Assert.Equal(HttpStatusCode.BadRequest, refund);
        Assert.Equal(0, await ProductsAsync(tenant.TenantId));
        Assert.Contains(("shopify", "topic-mismatch"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
    }

    private Task<long> ProductsAsync(string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_products WHERE tenant_id = $1", tenantId);
}
