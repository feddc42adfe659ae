using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>Shopify deliveries that must be refused: tampered, unsigned, unconnected, unsupported, malformed, another tenant's.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ShopifyWebhookRejectionTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task ATamperedShopifyWebhookIsRejectedAuditedAndAppliesNothing()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var webhookId = ShopifyDeliveries.NewWebhookId();
        using var tampering = TamperingHandler.Client(fixture.Http.BaseAddress!, "jamie", 'J');

        var (orderStatus, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created, webhookId, tampering);
        var (privacyStatus, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"), http: tampering);
        var audit = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);
        var (genuineStatus, genuine) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created, webhookId);

        Assert.Equal(HttpStatusCode.Unauthorized, orderStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, privacyStatus);
        Assert.Equal(2, (await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey)).Count(r => r == ("shopify", "bad-signature")));
        Assert.All(audit, e => Assert.DoesNotContain("jamie", e.GetRawText(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
        Assert.Equal(HttpStatusCode.OK, genuineStatus);
        Assert.False(ShopifyDeliveries.Duplicate(genuine));
        Assert.Equal("#1042", (await _shop.OrderAsync(tenant.TenantId, genuine)).Snapshot!.Name);
    }

    [Theory]
    [InlineData("another secret")]
    [InlineData("no header")]
    [InlineData("empty header")]
    [InlineData("hex instead of base64")]
    public async Task AShopifyWebhookWithoutTheClientSecretsSignatureIsUnauthorized(string signature)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var body = Webhooks.Fixture("shopify-customers-data-request.json");
        var path = $"/webhooks/{tenant.TenantId}/shopify";
        (string, string)[] headers = [("X-Shopify-Topic", "customers/data_request"), ("X-Shopify-Webhook-Id", ShopifyDeliveries.NewWebhookId())];
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

        using var post = signature switch
        {
            "another secret" => await Webhooks.PostShopifyAsync(fixture.Http, tenant.TenantId, Webhooks.NewSecret(), "customers/data_request", ShopifyDeliveries.NewWebhookId(), body),
            "no header" => await Webhooks.PostAsync(fixture.Http, path, body, "application/json", headers),
            "empty header" => await Webhooks.PostAsync(fixture.Http, path, body, "application/json", [.. headers, ("X-Shopify-Hmac-Sha256", "")]),
            _ => await Webhooks.PostAsync(fixture.Http, path, body, "application/json", [.. headers, ("X-Shopify-Hmac-Sha256", hex)]),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Contains(("shopify", "bad-signature"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task AShopifyWebhookIsNotFoundWhileShopifyIsNotConnected()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", "a-whatsapp-secret");

        var (status, _) = await _shop.DeliverAsync(tenant.TenantId, "a-whatsapp-secret", "shop/redact", Webhooks.Fixture("shopify-shop-redact.json"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("products/delete")]
    [InlineData("")]
    public async Task ASignedWebhookOfAnUnsupportedTopicIsABadRequestAndAppliesNothing(string topic)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var webhookId = ShopifyDeliveries.NewWebhookId();

        var (status, _) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, ShopifyDeliveries.Created, webhookId);
        var (_, genuine) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created, webhookId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(("shopify", "unsupported-topic"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.False(ShopifyDeliveries.Duplicate(genuine));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("too-long")]
    public async Task ASignedWebhookWithoutAUsableWebhookIdIsABadRequestAndAppliesNothing(string webhookId)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var id = webhookId == "too-long" ? new string('a', 129) : webhookId;

        var (status, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"), id);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(("shopify", "missing-webhook-id"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("orders/create", "{\"id\":6301842957313,\"name\":\"#1042\",\"updated_at\":")]
    [InlineData("orders/create", "[]")]
    [InlineData("orders/create", "{\"name\":\"#1042\",\"updated_at\":\"2026-11-20T09:12:46-05:00\"}")]
    [InlineData("orders/create", "{\"id\":6301842957313.5,\"name\":\"#1042\",\"updated_at\":\"2026-11-20T09:12:46-05:00\"}")]
    [InlineData("orders/create", "{\"id\":6301842957313,\"updated_at\":\"2026-11-20T09:12:46-05:00\"}")]
    [InlineData("orders/updated", "{\"id\":6301842957313,\"name\":\"#1042\",\"updated_at\":\"last tuesday\"}")]
    [InlineData("orders/updated", "{\"id\":6301842957313,\"name\":\"#1042\"}")]
    [InlineData("orders/updated", "{\"id\":6301842957313,\"id\":6301842957314,\"name\":\"#1042\",\"updated_at\":\"2026-11-20T09:12:46-05:00\"}")]
    [InlineData("refunds/create", "{\"id\":985512340993,\"created_at\":\"2026-11-25T10:02:31-05:00\"}")]
    [InlineData("refunds/create", "{\"id\":985512340993,\"order_id\":6301842957313}")]
    [InlineData("customers/data_request", "{\"shop_id\":68123456789,\"orders_requested\":[],\"data_request\":{\"id\":8712}}")]
    [InlineData("customers/redact", "{\"shop_id\":68123456789,\"customer\":{\"id\":7712045583361},\"orders_to_redact\":[\"6301842957313\"]}")]
    public async Task ASignedBodyThatIsNotTheTopicsPayloadIsABadRequestAndAppliesNothing(string topic, string json)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var webhookId = ShopifyDeliveries.NewWebhookId();

        var (status, _) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, Encoding.UTF8.GetBytes(json), webhookId);
        var (_, genuine) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created, webhookId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(("shopify", "malformed"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
        Assert.False(ShopifyDeliveries.Duplicate(genuine));
    }

    [Fact]
    public async Task AnotherTenantsSignedShopifyWebhookIsRejectedAtThisTenantsAddressLikeAStrangers()
    {
        var (a, secretOfA) = await _shop.ConnectedTenantAsync();
        var (b, secretOfB) = await _shop.ConnectedTenantAsync();
        var webhookId = ShopifyDeliveries.NewWebhookId();

        var foreign = await _shop.DeliverAsync(a.TenantId, secretOfB, "orders/create", ShopifyDeliveries.Created, webhookId);
        var foreignPrivacy = await _shop.DeliverAsync(a.TenantId, secretOfB, "customers/data_request", Webhooks.Fixture("shopify-customers-data-request.json"));
        var stranger = await _shop.DeliverAsync(a.TenantId, Webhooks.NewSecret(), "orders/create", ShopifyDeliveries.Created);
        var (_, own) = await _shop.DeliverAsync(a.TenantId, secretOfA, "orders/create", ShopifyDeliveries.Created, webhookId);

        Assert.Equal(HttpStatusCode.Unauthorized, foreign.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignPrivacy.Status);
        Assert.Equal(stranger.Body.GetRawText(), foreign.Body.GetRawText());
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, a.TenantId));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, b.TenantId));
        Assert.False(ShopifyDeliveries.Duplicate(own));
        Assert.Equal(3, (await WebhookChecks.RejectionsAsync(fixture, a.AdminKey)).Count(r => r == ("shopify", "bad-signature")));
        Assert.Empty(await WebhookChecks.RejectionsAsync(fixture, b.AdminKey));
    }
}
