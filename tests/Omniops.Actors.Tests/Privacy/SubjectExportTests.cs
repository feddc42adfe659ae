using System.Net;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// The export of an access request: written from the subject's grains when downloaded, it validates against
/// docs/schemas/subject-export.v2.schema.json, holds every seeded item of the subject (two channels' messages with
/// attachments, an order with its refund, contact details, a legal hold, audit events as hashes) and nothing of
/// another subject of the same tenant.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SubjectExportTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnAccessExportValidatesAgainstItsSchemaHoldsEverySeededItemAndNothingOfAnotherSubject()
    {
        var tenant = await fixture.CreateTenantAsync("Export Outfitters");
        var genericSecret = Webhooks.NewSecret();
        var whatsAppSecret = Webhooks.NewSecret();
        var shopSecret = "shpss_" + Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", genericSecret);
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", whatsAppSecret);
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", shopSecret);
        foreach (var (message, text) in new[] { ("export-g1", "Where is my parcel, export-canary-one?"), ("export-g2", "Still waiting export-canary-two") })
        {
            using var post = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, genericSecret,
                Webhooks.GenericBody(message, "merchant-customer-4417", text, "export-conv-1", "Jamie Rivera", "jamie.rivera@example.com", "+1 555 013 7251"));
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        foreach (var file in new[] { "whatsapp-text.json", "whatsapp-media.json" })
        {
            using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, whatsAppSecret, Webhooks.Fixture(file));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var shop = new ShopifyDeliveries(fixture);
        var (orderStatus, order) = await shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        var (refundStatus, _) = await shop.DeliverAsync(tenant.TenantId, shopSecret, "refunds/create", ShopifyDeliveries.Refunded);
        Assert.Equal(HttpStatusCode.OK, orderStatus);
        Assert.Equal(HttpStatusCode.OK, refundStatus);
        var orderId = order.GetProperty("orderId").GetString()!;
        using (var other = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, genericSecret,
            Webhooks.GenericBody("keep-1", "merchant-customer-9001", "Alex keeps this message", "keep-conv", "Alex Morgan", "alex.morgan@example.com")))
        {
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        }

        var conversations = await ConversationsAsync(fixture, tenant.AdminKey);
        var otherConversation = Assert.Single(conversations, c => c.Messages.Any(m => m.Text == "Alex keeps this message"));
        var subjectConversations = conversations.Where(c => c != otherConversation).ToList();
        var whatsAppRef = Assert.Single(subjectConversations, c => c.Channel == "whatsapp").CustomerRef;
        var genericRef = Assert.Single(subjectConversations, c => c.Channel == "generic").CustomerRef;
        using (var orderResponse = await fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, tenant.AdminKey))
        {
            var shopRef = (await Webhooks.JsonAsync(orderResponse)).GetProperty("customerRef").GetString()!;
            using var hold = await fixture.SendAsync(HttpMethod.Put, $"/v1/subjects/{whatsAppRef}/legal-hold", tenant.AdminKey, new { reason = "Chargeback dispute 2026-207" });
            Assert.Equal(HttpStatusCode.NoContent, hold.StatusCode);
            var requestId = GrainKeys.NewLocalId('p');
            var admin = new CallerContext(tenant.TenantId, tenant.AdminKeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
            await ClusterFixture.AsAsync(admin, () => fixture.Grains.GetPrivacyRequestGrain(tenant.TenantId, requestId)
                .StartAsync(new PrivacyRequestStart(PrivacyRequestKind.Access, PrivacyRequestSource.Merchant, [genericRef, whatsAppRef, shopRef], [])));
            Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, requestId)).GetProperty("status").GetString());

            using var response = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{requestId}/export", tenant.AdminKey);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Empty(ExportSchemas.Problems(ExportSchemas.Subject, text));
            var export = JsonDocument.Parse(text).RootElement;
            var customers = export.GetProperty("customers").EnumerateArray().ToDictionary(c => c.GetProperty("customerRef").GetString()!);

            Assert.Equal(requestId, export.GetProperty("requestId").GetString());
            Assert.Equal(tenant.TenantId, export.GetProperty("tenant").GetProperty("id").GetString());
            Assert.Equal([genericRef, whatsAppRef, shopRef], customers.Keys);
            Assert.Equal("jamie.rivera@example.com", customers[genericRef].GetProperty("contact").GetProperty("email").GetString());
            Assert.Equal("Jamie Rivera", customers[genericRef].GetProperty("contact").GetProperty("name").GetString());
            Assert.True(customers[whatsAppRef].GetProperty("legalHold").GetBoolean());
            Assert.False(customers[genericRef].GetProperty("legalHold").GetBoolean());

            // Every message of the subject's conversations, as the agent API shows it, with its attachments.
            var exported = customers.Values.SelectMany(c => c.GetProperty("conversations").EnumerateArray())
                .SelectMany(c => c.GetProperty("messages").EnumerateArray()).ToDictionary(m => m.GetProperty("messageId").GetString()!);
            var seeded = subjectConversations.SelectMany(c => c.Messages).ToList();
            Assert.NotEmpty(seeded);
            Assert.All(seeded, m =>
            {
                Assert.True(exported.TryGetValue(m.MessageId, out var e), $"message {m.MessageId} is missing");
                Assert.Equal(m.Text, e.TryGetProperty("text", out var t) ? t.GetString() : null);
                Assert.Equal(m.Attachments, e.GetProperty("attachments").GetArrayLength());
                Assert.False(e.GetProperty("aiGenerated").GetBoolean());
            });
            var attachments = exported.Values.SelectMany(m => m.GetProperty("attachments").EnumerateArray()).ToList();
            Assert.Contains(attachments, a => a.GetProperty("kind").GetString() == "image" && a.GetProperty("caption").GetString() == "The box arrived crushed, see the corner");
            Assert.Contains(attachments, a => a.TryGetProperty("fileName", out var f) && f.GetString() == "packing-slip-1042.pdf");

            // The order with its snapshot, shipping address and the refund.
            var exportedOrder = Assert.Single(customers[shopRef].GetProperty("orders").EnumerateArray());
            Assert.Equal(orderId, exportedOrder.GetProperty("orderId").GetString());
            Assert.Equal("#1042", exportedOrder.GetProperty("snapshot").GetProperty("name").GetString());
            Assert.Equal("1200 Example Avenue", exportedOrder.GetProperty("snapshot").GetProperty("shippingAddress").GetProperty("line1").GetString());
            Assert.NotEmpty(exportedOrder.GetProperty("snapshot").GetProperty("lines").EnumerateArray());
            Assert.Equal("Arrived damaged in transit; refunding the base layer", Assert.Single(exportedOrder.GetProperty("refunds").EnumerateArray()).GetProperty("note").GetString());

            // The requests about the subject, the processing, AI usage (none yet) and the audit events about them, hashed.
            Assert.Contains(export.GetProperty("privacyRequests").EnumerateArray(), r => r.GetProperty("requestId").GetString() == requestId);
            Assert.Empty(export.GetProperty("aiUsage").GetProperty("replies").EnumerateArray());
            Assert.NotEmpty(export.GetProperty("processing").GetProperty("purposes").EnumerateArray());
            var hold2 = Assert.Single(export.GetProperty("auditEvents").EnumerateArray(), e => e.GetProperty("operation").GetString() == "privacy.legal-hold.place");
            Assert.NotEqual(whatsAppRef, hold2.GetProperty("resource").GetString());

            // Nothing of the other subject.
            foreach (var value in new[] { "Alex Morgan", "alex.morgan@example.com", "Alex keeps this message", otherConversation.CustomerRef, otherConversation.ConversationId })
            {
                Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task OnlyACompletedAccessRequestHasAnExportAndAnUnknownIdAnswersNotFound()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        using (var post = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("x-1", "export-erased", "Forget me please", "x-conv")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        var customerRef = (await ConversationsAsync(fixture, tenant.AdminKey)).Single().CustomerRef;
        var erasure = await PrivacyChecks.StartAsync(fixture, tenant.AdminKey, new { kind = "erasure", customerRef });
        await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, erasure);

        using var conflict = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{erasure}/export", tenant.AdminKey);
        using var unknown = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{GrainKeys.NewLocalId('p')}/export", tenant.AdminKey);
        using var agent = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{erasure}/export", await fixture.CreateKeyAsync(tenant.AdminKey, "agent"));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
    }

    [Fact]
    public void TheSchemasRefuseAnUnknownMemberAMissingRequiredOneAndAnotherSchemasDocument()
    {
        const string Valid = """
            {"schema":{"id":"https://omniops.dev/schemas/subject-export.v2.schema.json","version":2},"generatedAt":"2026-12-01T10:00:00+00:00",
             "tenant":{"id":"t1"},"requestId":"p1","customers":[],"privacyRequests":[],
             "aiUsage":{"provider":{"configured":false,"enabledForTenant":false,"humanReview":true},"replies":[],"actions":[]},
             "processing":{"purposes":[],"subprocessors":[],"retention":{"conversations":"P365D","orders":"P730D","auditLog":"P2190D"}},"auditEvents":[]}
            """;

        Assert.Empty(ExportSchemas.Problems(ExportSchemas.Subject, Valid));
        Assert.NotEmpty(ExportSchemas.Problems(ExportSchemas.Subject, Valid.Replace("\"auditEvents\":[]", "\"auditEvents\":[],\"extra\":1", StringComparison.Ordinal)));
        Assert.NotEmpty(ExportSchemas.Problems(ExportSchemas.Subject, Valid.Replace("\"requestId\":\"p1\",", string.Empty, StringComparison.Ordinal)));
        Assert.NotEmpty(ExportSchemas.Problems(ExportSchemas.Subject, Valid.Replace("\"replies\":[]", "\"replies\":[{\"messageId\":\"m1\"}]", StringComparison.Ordinal)));
        Assert.NotEmpty(ExportSchemas.Problems(ExportSchemas.Tenant, Valid));
    }

    internal sealed record SeededMessage(string MessageId, string? Text, int Attachments);

    internal sealed record SeededConversation(string ConversationId, string CustomerRef, string Channel, List<SeededMessage> Messages);

    /// <summary>Every conversation of the tenant with its messages, as the agent API shows them.</summary>
    internal static async Task<List<SeededConversation>> ConversationsAsync(ClusterFixture fixture, string adminKey)
    {
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations?limit=100", adminKey);
        var result = new List<SeededConversation>();
        foreach (var summary in (await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray())
        {
            var id = summary.GetProperty("conversationId").GetString()!;
            using var thread = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + id, adminKey);
            var body = await Webhooks.JsonAsync(thread);
            result.Add(new(id, body.GetProperty("customerRef").GetString()!, body.GetProperty("channel").GetString()!,
                [.. body.GetProperty("messages").EnumerateArray().Select(m => new SeededMessage(m.GetProperty("messageId").GetString()!,
                    m.TryGetProperty("text", out var t) ? t.GetString() : null, m.GetProperty("attachments").GetArrayLength()))]));
        }

        return result;
    }
}
