using System.Net;
using System.Text.Json;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Shopify's mandatory privacy webhooks drive the privacy workflow: <c>customers/redact</c> becomes an erasure that
/// waits out the cooling-off, then removes the customer and the orders it names; <c>customers/data_request</c>
/// becomes a completed access request.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PlatformPrivacyRequestTests(PrivacyDeployment deployment) : IClassFixture<PrivacyDeployment>
{
    private ClusterFixture Fixture => deployment.Cluster;

    [Fact]
    public async Task ACustomersRedactWebhookErasesTheCustomerAndItsOrdersAfterTheCoolingOff()
    {
        var shop = new ShopifyDeliveries(Fixture);
        var (tenant, secret) = await shop.ConnectedTenantAsync();
        var (_, order) = await shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created);
        await shop.DeliverAsync(tenant.TenantId, secret, "refunds/create", ShopifyDeliveries.Refunded);
        var orderId = order.GetProperty("orderId").GetString()!;
        using var before = await Fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, tenant.AdminKey);
        var customerRef = (await Webhooks.JsonAsync(before)).GetProperty("customerRef").GetString()!;

        var (status, redact) = await shop.DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"));
        var queued = Assert.Single(await ListAsync(tenant.AdminKey));
        using var stillThere = await Fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, tenant.AdminKey);
        var done = await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, queued.GetProperty("requestId").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(ShopifyDeliveries.Duplicate(redact));
        Assert.Equal("erasure", queued.GetProperty("kind").GetString());
        Assert.Equal("platform", queued.GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("completedAt").GetDateTimeOffset() >= redact.GetProperty("effectiveAt").GetDateTimeOffset());
        using var orderGone = await Fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, tenant.AdminKey);
        using var customerGone = await Fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, orderGone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, customerGone.StatusCode);
        Assert.Equal(0, await Sql.ScalarAsync(Fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring IN ($1, $2)", tenant.TenantId + "/" + orderId, tenant.TenantId + "/" + customerRef));
        Assert.Equal(0, await Sql.ScalarAsync(Fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring IN ($1, $2)", tenant.TenantId + "/" + orderId, tenant.TenantId + "/" + customerRef));
        Assert.Equal(0, await Sql.ScalarAsync(Fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_compliance_requests WHERE tenant_id = $1 AND (customer_ref IS NOT NULL OR cardinality(order_ids) > 0)", tenant.TenantId));
        Assert.Equal(0, await Sql.ScalarAsync(Fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1", tenant.TenantId));

        // Shopify retries what it did not see acknowledged: the same request, not a second one.
        var (againStatus, again) = await shop.DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"));
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.True(ShopifyDeliveries.Duplicate(again));
        Assert.Single(await ListAsync(tenant.AdminKey));
    }

    [Fact]
    public async Task ACustomersDataRequestWebhookBecomesACompletedAccessRequest()
    {
        var shop = new ShopifyDeliveries(Fixture);
        var (tenant, secret) = await shop.ConnectedTenantAsync();
        var (_, order) = await shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created);

        var (status, _) = await shop.DeliverAsync(tenant.TenantId, secret, "customers/data_request", Webhooks.Fixture("shopify-customers-data-request.json"));
        var queued = Assert.Single(await ListAsync(tenant.AdminKey));
        var done = await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, queued.GetProperty("requestId").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("access", queued.GetProperty("kind").GetString());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.False(done.GetProperty("overdue").GetBoolean());
        Assert.True(done.GetProperty("dueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(27));

        // The merchant answers Shopify's request with the export: the customer's order is in it.
        using var export = await Fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{queued.GetProperty("requestId").GetString()}/export", tenant.AdminKey);
        var document = await export.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains(order.GetProperty("orderId").GetString()!, document, StringComparison.Ordinal);
        Assert.Contains("jamie.rivera@example.com", document, StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> ListAsync(string adminKey)
    {
        using var list = await Fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests", adminKey);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        return [.. (await Webhooks.JsonAsync(list)).EnumerateArray()];
    }
}
