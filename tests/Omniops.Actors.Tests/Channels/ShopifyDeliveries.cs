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

/// <summary>Shopify deliveries for the tests: a connected tenant, signed posts, the fixtures, and reading what was applied.</summary>
public sealed class ShopifyDeliveries(ClusterFixture fixture)
{
    public static byte[] Created => Webhooks.Fixture("shopify-orders-create.json");

    public static byte[] Updated => Webhooks.Fixture("shopify-orders-updated.json");

    public static byte[] Refunded => Webhooks.Fixture("shopify-refunds-create.json");

    public async Task<(TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = "shpss_" + Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", secret);
        return (tenant, secret);
    }

    /// <summary>Posts a delivery signed as Shopify signs it (a fresh webhook id unless one is given); the status and JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> DeliverAsync(
        string tenantId, string secret, string topic, byte[] body, string? webhookId = null, HttpClient? http = null)
    {
        using var response = await Webhooks.PostShopifyAsync(http ?? fixture.Http, tenantId, secret, topic, webhookId ?? NewWebhookId(), body);
        return (response.StatusCode, await Webhooks.JsonAsync(response));
    }

    /// <summary>The order a delivery was applied to, read by an agent.</summary>
    public Task<OrderView> OrderAsync(string tenantId, JsonElement result) =>
        ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), () => fixture.Grains.GetOrderGrain(tenantId, result.GetProperty("orderId").GetString()!).GetAsync());

    public Task<CustomerView> CustomerAsync(string tenantId, string customerRef) =>
        ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), () => fixture.Grains.GetCustomerGrain(tenantId, customerRef).GetAsync());

    public static bool Duplicate(JsonElement result) => result.GetProperty("duplicate").GetBoolean();

    public static bool Stale(JsonElement result) => result.GetProperty("stale").GetBoolean();

    public static DateTimeOffset Time(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static string NewWebhookId() => Guid.NewGuid().ToString();
}
