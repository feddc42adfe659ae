using System.Net;
using System.Text.Json;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Tenant portability: <c>GET /v1/tenant/export</c> streams the whole account, validated against
/// docs/schemas/tenant-export.v2.schema.json: profile and settings, integrations without their secrets, every
/// conversation and message, every customer record and order, privacy requests and the audit log; a tenant admin's only.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantExportTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheTenantExportValidatesAgainstItsSchemaAndHoldsEveryConversationCustomerRequestAndAuditEventButNoSecret()
    {
        var tenant = await fixture.CreateTenantAsync("Portable Provisions");
        var genericSecret = Webhooks.NewSecret();
        var whatsAppSecret = Webhooks.NewSecret();
        var shopSecret = "shpss_" + Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", genericSecret);
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", whatsAppSecret);
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", shopSecret);
        foreach (var (message, customer, body, email) in new[]
        {
            ("port-1", "port-customer-1", "First customer asks about sizes", "first.customer@example.com"),
            ("port-2", "port-customer-1", "First customer follows up", "first.customer@example.com"),
            ("port-3", "port-customer-2", "Second customer wants a refund", "second.customer@example.com"),
        })
        {
            using var post = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, genericSecret,
                Webhooks.GenericBody(message, customer, body, "conv-" + customer, null, email));
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        using (var media = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, whatsAppSecret, Webhooks.Fixture("whatsapp-media.json")))
        {
            Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        }

        var shop = new ShopifyDeliveries(fixture);
        var (orderStatus, order) = await shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        var (refundStatus, _) = await shop.DeliverAsync(tenant.TenantId, shopSecret, "refunds/create", ShopifyDeliveries.Refunded);
        Assert.Equal(HttpStatusCode.OK, orderStatus);
        Assert.Equal(HttpStatusCode.OK, refundStatus);
        var orderId = order.GetProperty("orderId").GetString()!;
        string orderCustomer;
        using (var orderResponse = await fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, tenant.AdminKey))
        {
            orderCustomer = (await Webhooks.JsonAsync(orderResponse)).GetProperty("customerRef").GetString()!;
        }

        using (var patched = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, new { retention = new { conversations = "P90D" } }))
        {
            patched.EnsureSuccessStatusCode();
        }

        var conversations = await SubjectExportTests.ConversationsAsync(fixture, tenant.AdminKey);
        var requestId = await PrivacyChecks.StartAsync(fixture, tenant.AdminKey, new { kind = "access", customerRef = conversations[0].CustomerRef });
        await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, requestId);

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant/export", tenant.AdminKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(ExportSchemas.Problems(ExportSchemas.Tenant, text));
        var export = JsonDocument.Parse(text).RootElement;

        Assert.Equal("Portable Provisions", export.GetProperty("tenant").GetProperty("name").GetString());
        Assert.Equal("P90D", export.GetProperty("tenant").GetProperty("settings").GetProperty("retention").GetProperty("conversations").GetString());
        Assert.Equal(["generic", "shopify", "whatsapp"], export.GetProperty("integrations").EnumerateArray().Select(i => i.GetProperty("integration").GetString()).Order());
        foreach (var secret in new[] { genericSecret, whatsAppSecret, shopSecret })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var exported = export.GetProperty("conversations").EnumerateArray().ToDictionary(c => c.GetProperty("conversationId").GetString()!);
        Assert.Equal(conversations.Select(c => c.ConversationId).Order(), exported.Keys.Order());
        Assert.All(conversations, c => Assert.Equal(c.Messages.Select(m => m.MessageId),
            exported[c.ConversationId].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString())));
        var customers = export.GetProperty("customers").EnumerateArray().ToDictionary(c => c.GetProperty("customerRef").GetString()!);
        // Every customer record: those of the conversations, and the one who only ordered (listed by the subject directory).
        Assert.Equal(conversations.Select(c => c.CustomerRef).Append(orderCustomer).Distinct().Order(), customers.Keys.Order());
        Assert.Equal([orderId], customers[orderCustomer].GetProperty("orderIds").EnumerateArray().Select(o => o.GetString()));
        var exportedOrder = Assert.Single(export.GetProperty("orders").EnumerateArray());
        Assert.Equal(orderId, exportedOrder.GetProperty("orderId").GetString());
        Assert.Single(exportedOrder.GetProperty("refunds").EnumerateArray());
        Assert.Contains(customers.Values, c => c.GetProperty("contact").TryGetProperty("email", out var e) && e.GetString() == "second.customer@example.com");
        Assert.Contains(export.GetProperty("privacyRequests").EnumerateArray(), r => r.GetProperty("requestId").GetString() == requestId);
        var operations = export.GetProperty("auditEvents").EnumerateArray().Select(e => e.GetProperty("operation").GetString()).ToList();
        Assert.Contains("tenant.export", operations);
        Assert.Contains("privacy.request.complete", operations);
        Assert.Equal(Enumerable.Range(1, operations.Count).Select(i => (long)i),
            export.GetProperty("auditEvents").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task AnAgentKeyCannotExportTheTenant()
    {
        var tenant = await fixture.CreateTenantAsync();

        using var agent = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant/export", await fixture.CreateKeyAsync(tenant.AdminKey, "agent"));

        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
    }
}
