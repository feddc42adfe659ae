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

[Collection(ClusterCollection.Name)]
public sealed class ShopifyWebhookTests(ClusterFixture fixture)
{
    private static byte[] Created => Webhooks.Fixture("shopify-orders-create.json");

    private static byte[] Updated => Webhooks.Fixture("shopify-orders-updated.json");

    private static byte[] Refunded => Webhooks.Fixture("shopify-refunds-create.json");

    [Fact]
    public async Task ACreatedOrderIsReadableByAnAgentWithItsCustomer()
    {
        var (tenant, secret) = await ConnectedTenantAsync();

        var (status, result) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created);
        var order = await OrderAsync(tenant.TenantId, result);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(Duplicate(result));
        Assert.False(Stale(result));
        Assert.DoesNotContain("6301842957313", order.OrderId, StringComparison.Ordinal);
        Assert.Equal("shopify", order.Channel);
        var snapshot = order.Snapshot!;
        Assert.Equal("#1042", snapshot.Name);
        Assert.Equal("USD", snapshot.Currency);
        Assert.Equal("117.83", snapshot.TotalPrice);
        Assert.Equal("paid", snapshot.FinancialStatus);
        Assert.Null(snapshot.FulfillmentStatus);
        Assert.Equal(Time("2026-11-20T09:12:44-05:00"), snapshot.CreatedAt);
        Assert.Equal(new PostalAddress("Jamie Rivera", "1200 Example Avenue", "Apt 4B", "Springfield", "Oregon", "97477", "US", "+15550137251"), snapshot.ShippingAddress);
        Assert.Equal(
            new[] { new OrderLine("15893456120321", "Trail Runner Socks (3-pack)", 2, "18.00", "SOCK-TR-3P-M"), new OrderLine("15893456153089", "Merino Base Layer Crew", 1, "64.00", "MBL-CREW-NVY-M") },
            snapshot.Lines);
        Assert.Empty(snapshot.Shipments);
        Assert.Empty(order.Refunds);

        var customer = await CustomerAsync(tenant.TenantId, order.CustomerRef!);
        Assert.Equal(new ContactDetails("Jamie Rivera", "jamie.rivera@example.com", "+15550137251"), customer.Contact);
        Assert.Equal(new[] { order.OrderId }, customer.OrderIds);
        Assert.DoesNotContain("7712045583361", order.CustomerRef!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOrderUpdateReplacesTheSnapshotWithTheShipment()
    {
        var (tenant, secret) = await ConnectedTenantAsync();

        var (_, created) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created);
        var (status, result) = await DeliverAsync(tenant.TenantId, secret, "orders/updated", Updated);
        var order = await OrderAsync(tenant.TenantId, result);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(created.GetProperty("orderId").GetString(), order.OrderId);
        Assert.False(Duplicate(result));
        Assert.False(Stale(result));
        Assert.Equal("fulfilled", order.Snapshot!.FulfillmentStatus);
        Assert.Equal(Time("2026-11-23T16:47:02-05:00"), order.Snapshot.UpdatedAt);
        Assert.Equal(new Shipment("UPS", "1Z999AA10123456784", "https://www.ups.com/track?loc=en_US&tracknum=1Z999AA10123456784", "in_transit"), Assert.Single(order.Snapshot.Shipments));
    }

    [Fact]
    public async Task AnOlderOrderUpdateIsAcknowledgedAsStaleAndLeavesTheSnapshotAlone()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var older = WebhookChecks.Edit(WebhookChecks.Edit(WebhookChecks.Edit(Updated,
            "\"updated_at\": \"2026-11-23T16:47:02-05:00\"", "\"updated_at\": \"2026-11-22T08:00:00-05:00\""),
            "\"financial_status\": \"paid\"", "\"financial_status\": \"voided\""),
            "\"fulfillment_status\": \"fulfilled\"", "\"fulfillment_status\": null");

        await DeliverAsync(tenant.TenantId, secret, "orders/create", Created);
        await DeliverAsync(tenant.TenantId, secret, "orders/updated", Updated);
        var (status, result) = await DeliverAsync(tenant.TenantId, secret, "orders/updated", older);
        var order = await OrderAsync(tenant.TenantId, result);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(Duplicate(result));
        Assert.True(Stale(result));
        Assert.Equal("paid", order.Snapshot!.FinancialStatus);
        Assert.Equal("fulfilled", order.Snapshot.FulfillmentStatus);
        Assert.Equal(Time("2026-11-23T16:47:02-05:00"), order.Snapshot.UpdatedAt);
    }

    [Fact]
    public async Task ACreationNoticeThatArrivesAfterTheUpdateDoesNotUndoIt()
    {
        var (tenant, secret) = await ConnectedTenantAsync();

        await DeliverAsync(tenant.TenantId, secret, "orders/updated", Updated);
        var (status, result) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created);
        var order = await OrderAsync(tenant.TenantId, result);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(Stale(result));
        Assert.Equal("fulfilled", order.Snapshot!.FulfillmentStatus);
        Assert.Single(order.Snapshot.Shipments);
    }

    [Fact]
    public async Task ARefundIsAddedToItsOrder()
    {
        var (tenant, secret) = await ConnectedTenantAsync();

        var (_, created) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created);
        var (status, result) = await DeliverAsync(tenant.TenantId, secret, "refunds/create", Refunded);
        var order = await OrderAsync(tenant.TenantId, result);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(created.GetProperty("orderId").GetString(), order.OrderId);
        Assert.False(Stale(result));
        Assert.Equal("paid", order.Snapshot!.FinancialStatus);
        var refund = Assert.Single(order.Refunds);
        Assert.Equal("985512340993", refund.ExternalRefundId);
        Assert.Equal(Time("2026-11-25T10:02:31-05:00"), refund.CreatedAt);
        Assert.Equal(69.68m, decimal.Parse(refund.Amount!, CultureInfo.InvariantCulture));
        Assert.Equal("Arrived damaged in transit; refunding the base layer", refund.Note);
        Assert.Equal(new RefundLine("15893456153089", 1, "64.0"), Assert.Single(refund.Lines));
    }

    [Fact]
    public async Task ARedeliveredShopifyWebhookIsAcknowledgedAndAppliedOnce()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var (createId, refundId) = (NewWebhookId(), NewWebhookId());

        var create = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created, createId);
        var update = await DeliverAsync(tenant.TenantId, secret, "orders/updated", Updated);
        var createAgain = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created, createId);
        var refund = await DeliverAsync(tenant.TenantId, secret, "refunds/create", Refunded, refundId);
        var refundAgain = await DeliverAsync(tenant.TenantId, secret, "refunds/create", Refunded, refundId);
        // A second subscription to the topic: another webhook id for the same refund.
        var refundElsewhere = await DeliverAsync(tenant.TenantId, secret, "refunds/create", Refunded);
        var order = await OrderAsync(tenant.TenantId, create.Body);

        Assert.All(new[] { create, update, createAgain, refund, refundAgain, refundElsewhere }, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal([false, false, true, false, true, false], new[] { create, update, createAgain, refund, refundAgain, refundElsewhere }.Select(r => Duplicate(r.Body)));
        Assert.Equal("fulfilled", order.Snapshot!.FulfillmentStatus);
        Assert.Single(order.Refunds);
        Assert.Single((await CustomerAsync(tenant.TenantId, order.CustomerRef!)).OrderIds);
    }

    [Theory]
    [InlineData("customers/data_request", "shopify-customers-data-request.json", 2, true, true)]
    [InlineData("customers/redact", "shopify-customers-redact.json", 2, true, false)]
    [InlineData("shop/redact", "shopify-shop-redact.json", 0, false, false)]
    public async Task APrivacyRequestIsRecordedOnceWithoutTheCustomersContactDetails(string topic, string file, int orders, bool hasCustomer, bool hasRequest)
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var webhookId = NewWebhookId();

        var (status, result) = await DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file), webhookId);
        var (statusAgain, again) = await DeliverAsync(tenant.TenantId, secret, topic, Webhooks.Fixture(file), webhookId);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(topic, result.GetProperty("topic").GetString());
        Assert.False(Duplicate(result));
        Assert.Equal(HttpStatusCode.OK, statusAgain);
        Assert.True(Duplicate(again));
        Assert.Equal(1, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM omniops_compliance_requests
            WHERE tenant_id = $1 AND channel = 'shopify' AND delivery_id = $2 AND topic = $3 AND cardinality(order_ids) = $4
              AND (customer_ref IS NOT NULL) = $5 AND (request_ref IS NOT NULL) = $6 AND handled_at IS NULL
            """, tenant.TenantId, webhookId, topic, orders, hasCustomer, hasRequest));
        foreach (var personal in new[] { "jamie", "5550137251", "7712045583361", "6301842957313", "6298714402561", "8712" })
        {
            Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                "SELECT count(*) FROM omniops_compliance_requests r WHERE tenant_id = $1 AND strpos(lower(row_to_json(r)::text), $2) > 0", tenant.TenantId, personal));
        }

        var audit = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);
        Assert.Contains(audit, e => e.GetProperty("operation").GetString() == "privacy.platform-request" && e.GetProperty("details").GetProperty("topic").GetString() == topic);
        Assert.All(audit, e => Assert.DoesNotContain("jamie", e.GetRawText(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ARedactRequestNamesTheSameCustomerAndOrderRefsAsTheOrderWebhooks()
    {
        var (tenant, secret) = await ConnectedTenantAsync();

        var (_, created) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created);
        var (status, _) = await DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"));
        var order = await OrderAsync(tenant.TenantId, created);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_compliance_requests WHERE tenant_id = $1 AND customer_ref = $2 AND $3 = ANY (order_ids)",
            tenant.TenantId, order.CustomerRef!, order.OrderId));
    }

    [Fact]
    public async Task ATamperedShopifyWebhookIsRejectedAuditedAndAppliesNothing()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var webhookId = NewWebhookId();
        using var tampering = TamperingHandler.Client(fixture.Http.BaseAddress!, "jamie", 'J');

        var (orderStatus, _) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created, webhookId, tampering);
        var (privacyStatus, _) = await DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"), http: tampering);
        var audit = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);
        var (genuineStatus, genuine) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created, webhookId);

        Assert.Equal(HttpStatusCode.Unauthorized, orderStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, privacyStatus);
        Assert.Equal(2, (await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey)).Count(r => r == ("shopify", "bad-signature")));
        Assert.All(audit, e => Assert.DoesNotContain("jamie", e.GetRawText(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
        Assert.Equal(HttpStatusCode.OK, genuineStatus);
        Assert.False(Duplicate(genuine));
        Assert.Equal("#1042", (await OrderAsync(tenant.TenantId, genuine)).Snapshot!.Name);
    }

    [Theory]
    [InlineData("another secret")]
    [InlineData("no header")]
    [InlineData("empty header")]
    [InlineData("hex instead of base64")]
    public async Task AShopifyWebhookWithoutTheClientSecretsSignatureIsUnauthorized(string signature)
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var body = Webhooks.Fixture("shopify-customers-data-request.json");
        var path = $"/webhooks/{tenant.TenantId}/shopify";
        (string, string)[] headers = [("X-Shopify-Topic", "customers/data_request"), ("X-Shopify-Webhook-Id", NewWebhookId())];
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

        using var post = signature switch
        {
            "another secret" => await Webhooks.PostShopifyAsync(fixture.Http, tenant.TenantId, Webhooks.NewSecret(), "customers/data_request", NewWebhookId(), body),
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

        var (status, _) = await DeliverAsync(tenant.TenantId, "a-whatsapp-secret", "shop/redact", Webhooks.Fixture("shopify-shop-redact.json"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("products/update")]
    [InlineData("")]
    public async Task ASignedWebhookOfAnUnsupportedTopicIsABadRequestAndAppliesNothing(string topic)
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var webhookId = NewWebhookId();

        var (status, _) = await DeliverAsync(tenant.TenantId, secret, topic, Created, webhookId);
        var (_, genuine) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created, webhookId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(("shopify", "unsupported-topic"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.False(Duplicate(genuine));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("too-long")]
    public async Task ASignedWebhookWithoutAUsableWebhookIdIsABadRequestAndAppliesNothing(string webhookId)
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var id = webhookId == "too-long" ? new string('a', 129) : webhookId;

        var (status, _) = await DeliverAsync(tenant.TenantId, secret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"), id);

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
    [InlineData("refunds/create", "{\"id\":985512340993,\"created_at\":\"2026-11-25T10:02:31-05:00\"}")]
    [InlineData("refunds/create", "{\"id\":985512340993,\"order_id\":6301842957313}")]
    [InlineData("customers/data_request", "{\"shop_id\":68123456789,\"orders_requested\":[],\"data_request\":{\"id\":8712}}")]
    [InlineData("customers/redact", "{\"shop_id\":68123456789,\"customer\":{\"id\":7712045583361},\"orders_to_redact\":[\"6301842957313\"]}")]
    public async Task ASignedBodyThatIsNotTheTopicsPayloadIsABadRequestAndAppliesNothing(string topic, string json)
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var webhookId = NewWebhookId();

        var (status, _) = await DeliverAsync(tenant.TenantId, secret, topic, Encoding.UTF8.GetBytes(json), webhookId);
        var (_, genuine) = await DeliverAsync(tenant.TenantId, secret, "orders/create", Created, webhookId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(("shopify", "malformed"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, tenant.TenantId));
        Assert.False(Duplicate(genuine));
    }

    [Fact]
    public async Task AnotherTenantsSignedShopifyWebhookIsRejectedAtThisTenantsAddressLikeAStrangers()
    {
        var (a, secretOfA) = await ConnectedTenantAsync();
        var (b, secretOfB) = await ConnectedTenantAsync();
        var webhookId = NewWebhookId();

        var foreign = await DeliverAsync(a.TenantId, secretOfB, "orders/create", Created, webhookId);
        var foreignPrivacy = await DeliverAsync(a.TenantId, secretOfB, "customers/data_request", Webhooks.Fixture("shopify-customers-data-request.json"));
        var stranger = await DeliverAsync(a.TenantId, Webhooks.NewSecret(), "orders/create", Created);
        var (_, own) = await DeliverAsync(a.TenantId, secretOfA, "orders/create", Created, webhookId);

        Assert.Equal(HttpStatusCode.Unauthorized, foreign.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignPrivacy.Status);
        Assert.Equal(stranger.Body.GetRawText(), foreign.Body.GetRawText());
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, a.TenantId));
        Assert.Equal(0, await WebhookChecks.ComplianceRequestsAsync(fixture, b.TenantId));
        Assert.False(Duplicate(own));
        Assert.Equal(3, (await WebhookChecks.RejectionsAsync(fixture, a.AdminKey)).Count(r => r == ("shopify", "bad-signature")));
        Assert.Empty(await WebhookChecks.RejectionsAsync(fixture, b.AdminKey));
    }

    private async Task<(TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = "shpss_" + Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", secret);
        return (tenant, secret);
    }

    /// <summary>Posts a delivery signed as Shopify signs it (a fresh webhook id unless one is given); the status and JSON answer.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> DeliverAsync(
        string tenantId, string secret, string topic, byte[] body, string? webhookId = null, HttpClient? http = null)
    {
        using var response = await Webhooks.PostShopifyAsync(http ?? fixture.Http, tenantId, secret, topic, webhookId ?? NewWebhookId(), body);
        return (response.StatusCode, await Webhooks.JsonAsync(response));
    }

    /// <summary>The order a delivery was applied to, read by an agent.</summary>
    private Task<OrderView> OrderAsync(string tenantId, JsonElement result) =>
        ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), () => fixture.Grains.GetOrderGrain(tenantId, result.GetProperty("orderId").GetString()!).GetAsync());

    private Task<CustomerView> CustomerAsync(string tenantId, string customerRef) =>
        ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), () => fixture.Grains.GetCustomerGrain(tenantId, customerRef).GetAsync());

    private static bool Duplicate(JsonElement result) => result.GetProperty("duplicate").GetBoolean();

    private static bool Stale(JsonElement result) => result.GetProperty("stale").GetBoolean();

    private static DateTimeOffset Time(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static string NewWebhookId() => Guid.NewGuid().ToString();
}
