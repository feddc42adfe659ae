using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// A channel delivers only for the platform accounts its tenant recorded with the credential: an authentic delivery
/// for another business's WhatsApp number or another Shopify shop is refused (403 foreign-account), audited, and
/// stores nothing, on real HTTP and real PostgreSQL.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AccountBindingTests(ClusterFixture fixture)
{
    private const string ForeignNumber = "100000000000001";
    private const string ForeignShop = "another-merchant.myshopify.com";

    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task AWhatsAppNotificationForAnotherBusinessNumberIsRefusedAndStoresNothing()
    {
        var (tenant, secret) = await WhatsAppTenantAsync();
        var body = WebhookChecks.Edit(Webhooks.Fixture("whatsapp-text.json"), Webhooks.PhoneNumberId, ForeignNumber);

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, body);

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.EndsWith("foreign-account", (await Webhooks.JsonAsync(post)).GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(("whatsapp", "foreign-account"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task AWhatsAppNotificationMixingTheTenantsNumberWithAnotherIsRefusedWhole()
    {
        var (tenant, secret) = await WhatsAppTenantAsync();
        var own = Webhooks.Fixture("whatsapp-text.json");
        var mixed = JsonNode.Parse(own)!;
        var foreignEntry = mixed["entry"]![0]!.DeepClone();
        var value = foreignEntry["changes"]![0]!["value"]!;
        value["metadata"]!["phone_number_id"] = ForeignNumber;
        value["messages"]![0]!["id"] = "wamid.foreign-business-message";
        mixed["entry"]!.AsArray().Add(foreignEntry);

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Encoding.UTF8.GetBytes(mixed.ToJsonString()));
        var stored = await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId);
        using var ownOnly = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, own);

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains(("whatsapp", "foreign-account"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, stored);
        // The tenant's own message alone is taken, and is new: the refused notification left nothing of it behind.
        Assert.Equal(HttpStatusCode.OK, ownOnly.StatusCode);
        Assert.Equal(0, (await Webhooks.JsonAsync(ownOnly)).GetProperty("duplicates").GetInt32());
        Assert.Equal(1, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task AShopifyOrderFromAnotherShopIsRefusedAndAppliesNothing()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var webhookId = ShopifyDeliveries.NewWebhookId();

        using var foreign = await Webhooks.PostShopifyAsync(fixture.Http, tenant.TenantId, secret, "orders/create", webhookId, ShopifyDeliveries.Created, ForeignShop);
        var (status, result) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created, webhookId);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains(("shopify", "foreign-account"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        // The same delivery from the tenant's own shop is the first the order sees: the refused one applied nothing.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(ShopifyDeliveries.Duplicate(result));
        Assert.False(ShopifyDeliveries.Stale(result));
    }

    [Fact]
    public async Task AShopifyPrivacyRequestFromAnotherShopOrWithoutAShopIsRefusedAndRecordsNothing()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var body = Webhooks.Fixture("shopify-customers-data-request.json");

        using var foreign = await Webhooks.PostShopifyAsync(fixture.Http, tenant.TenantId, secret, "customers/data_request", ShopifyDeliveries.NewWebhookId(), body, ForeignShop);
        using var unnamed = await Webhooks.PostShopifyAsync(fixture.Http, tenant.TenantId, secret, "customers/data_request", ShopifyDeliveries.NewWebhookId(), body, "");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        var rejections = await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey);
        Assert.Contains(("shopify", "foreign-account"), rejections);
        Assert.Contains(("shopify", "missing-shop-domain"), rejections);
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("whatsapp", "{\"secret\":\"s\"}")]
    [InlineData("whatsapp", "{\"secret\":\"s\",\"accounts\":[]}")]
    [InlineData("whatsapp", "{\"secret\":\"s\",\"accounts\":[\"+15550104477\"]}")]
    [InlineData("whatsapp", "{\"secret\":\"s\",\"accounts\":[\"109876543210987\\n\"]}")]
    [InlineData("whatsapp", "{\"secret\":\"s\",\"accounts\":[null]}")]
    [InlineData("shopify", "{\"secret\":\"s\"}")]
    [InlineData("shopify", "{\"secret\":\"s\",\"accounts\":[\"shop.example.com\"]}")]
    [InlineData("shopify", "{\"secret\":\"s\",\"accounts\":[\"a.myshopify.com\",\"b.myshopify.com\"]}")]
    [InlineData("generic", "{\"secret\":\"s\",\"accounts\":[\"109876543210987\"]}")]
    public async Task AChannelConnectedWithoutItsAccountsOrWithMalformedOnesIsABadRequestAndConnectsNothing(string integration, string json)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/" + integration, tenant.AdminKey, ClusterFixture.RawJson(json));
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(0, (await Webhooks.JsonAsync(list)).GetArrayLength());
    }

    [Fact]
    public async Task TheRecordedAccountsAreShownWithTheCredentialsMetadata()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", Webhooks.NewSecret(), [Webhooks.PhoneNumberId, "109876543210988"]);
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", Webhooks.NewSecret(), ["Trailhead-Outfitters-Test.myshopify.com"]);

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", tenant.AdminKey);
        var accounts = (await Webhooks.JsonAsync(list)).EnumerateArray()
            .ToDictionary(c => c.GetProperty("integration").GetString()!, c => c.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()!).ToArray());

        Assert.Equal([Webhooks.PhoneNumberId, "109876543210988"], accounts["whatsapp"]);
        Assert.Equal([Webhooks.ShopDomain], accounts["shopify"]);
    }

    private async Task<(Client.Tenants.TenantCreatedResponse Tenant, string Secret)> WhatsAppTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", secret);
        return (tenant, secret);
    }
}
