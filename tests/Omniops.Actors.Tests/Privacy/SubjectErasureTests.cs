using System.Net;
using System.Text;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Erasing a data subject: every customer record of theirs across channels and shop, with its conversations,
/// messages, attachment metadata, orders and refunds, is gone from every table (a full dump holds none of its values,
/// ids or refs; audit events keep only hashes) and from the logs, while another subject of the same tenant is
/// untouched; the signed receipt verifies with openssl; a legal hold refuses it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SubjectErasureTests(PrivacyDeployment deployment) : IClassFixture<PrivacyDeployment>
{
    private ClusterFixture Fixture => deployment.Cluster;

    [Fact]
    public async Task AnErasedSubjectLeavesNoValueIdOrRefInADumpOrTheLogsWhileAnotherSubjectIsUntouched()
    {
        var tenant = await Fixture.CreateTenantAsync("Erasure Outfitters");
        var genericSecret = Webhooks.NewSecret();
        var whatsAppSecret = Webhooks.NewSecret();
        var shopSecret = "shpss_" + Webhooks.NewSecret();
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "generic", genericSecret);
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "whatsapp", whatsAppSecret);
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "shopify", shopSecret);

        // The subject: generic chat (two conversations), WhatsApp (text and media with attachments), a Shopify order and refund.
        var planted = new List<string> { "Jamie Rivera", "jamie.rivera@example.com", "15550137251", "packing-slip-1042.pdf", "Arrived damaged in transit" };
        foreach (var (message, conversation, text) in new[] { ("erase-g1", "erase-conv-1", "Where is my parcel, erasure-canary-one?"), ("erase-g2", "erase-conv-1", "Still waiting erasure-canary-two"), ("erase-g3", "erase-conv-2", "Second thread erasure-canary-three") })
        {
            using var post = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, genericSecret,
                Webhooks.GenericBody(message, "merchant-customer-4417", text, conversation, "Jamie Rivera", "jamie.rivera@example.com", "+1 555 013 7251"));
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
            planted.Add(text);
        }

        foreach (var file in new[] { "whatsapp-text.json", "whatsapp-media.json" })
        {
            using var post = await Webhooks.PostWhatsAppAsync(Fixture.Http, tenant.TenantId, whatsAppSecret, Webhooks.Fixture(file));
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var shop = new ShopifyDeliveries(Fixture);
        var (orderStatus, order) = await shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        var (refundStatus, _) = await shop.DeliverAsync(tenant.TenantId, shopSecret, "refunds/create", ShopifyDeliveries.Refunded);
        Assert.Equal(HttpStatusCode.OK, orderStatus);
        Assert.Equal(HttpStatusCode.OK, refundStatus);
        var orderId = order.GetProperty("orderId").GetString()!;

        // Another subject of the same tenant.
        using (var other = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, genericSecret,
            Webhooks.GenericBody("keep-1", "merchant-customer-9001", "Alex keeps this message", "keep-conv", "Alex Morgan", "alex.morgan@example.com")))
        {
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        }

        var conversations = await ConversationsAsync(tenant.AdminKey);
        var subjectRefs = conversations.Where(c => c.Channel != "generic" || c.Texts.Any(t => t.Contains("erasure-canary", StringComparison.Ordinal)))
            .Select(c => c.CustomerRef).Append((await OrderCustomerAsync(tenant.AdminKey, orderId))).Distinct().ToList();
        var keep = Assert.Single(conversations, c => c.Texts.Contains("Alex keeps this message"));
        Assert.Equal(3, subjectRefs.Count);
        var ids = conversations.Where(c => subjectRefs.Contains(c.CustomerRef)).SelectMany(c => c.MessageIds.Append(c.ConversationId)).Append(orderId).Concat(subjectRefs).ToList();

        // An earlier access request about the subject: once the subject is erased, it keeps no ref of them either.
        var access = await PrivacyChecks.StartAsync(Fixture, tenant.AdminKey, new { kind = "access", email = "jamie.rivera@example.com" });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, access)).GetProperty("status").GetString());

        // The merchant is asked to "delete everything about jamie.rivera@example.com": by the e-mail (the generic and shop
        // records), then by the phone number in another spelling (the WhatsApp record, which carries no e-mail).
        foreach (var subject in new object[] { new { kind = "erasure", email = " Jamie.Rivera@Example.com " }, new { kind = "erasure", phone = "+1 (555) 013-7251" } })
        {
            var requestId = await PrivacyChecks.StartAsync(Fixture, tenant.AdminKey, subject);
            var done = await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, requestId);
            Assert.Equal("completed", done.GetProperty("status").GetString());
        }

        var dump = PrivacyChecks.Dump(Fixture);
        var logs = await OmniopsTestCluster.ReadLogsAsync(Fixture.Settings);
        foreach (var value in planted.Concat(ids))
        {
            Assert.False(dump.Contains(value, StringComparison.OrdinalIgnoreCase), $"the dump still holds '{value}'");
            // Grain state is binary (bytea, dumped as hex): the value's UTF-8 bytes must not be in it either.
            Assert.False(dump.Contains(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value)), StringComparison.Ordinal), $"the dump still holds '{value}' in a binary column");
            Assert.False(logs.Contains(value, StringComparison.OrdinalIgnoreCase), $"the logs hold '{value}'");
        }

        foreach (var customerRef in subjectRefs)
        {
            using var gone = await Fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using var kept = await Fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + keep.ConversationId, tenant.AdminKey);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Contains("Alex keeps this message", await kept.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReceiptVerifiesWithOpensslAndOneChangedByteDoesNot()
    {
        var tenant = await Fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "generic", secret);
        using (var post = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("r-1", "receipt-customer", "Please forget me", "receipt-conv")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        var customerRef = (await ConversationsAsync(tenant.AdminKey)).Single().CustomerRef;
        var requestId = await PrivacyChecks.StartAsync(Fixture, tenant.AdminKey, new { kind = "erasure", customerRef });
        await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, requestId);

        using var receiptResponse = await Fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{requestId}/receipt", tenant.AdminKey);
        var signed = await Webhooks.JsonAsync(receiptResponse);
        var text = signed.GetProperty("receipt").GetString()!;
        var keyId = signed.GetProperty("keyId").GetString()!;
        using var key = await Fixture.Http.GetAsync($"/.well-known/omniops-receipt-keys/{keyId}.pem");
        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        var pem = await key.Content.ReadAsStringAsync();
        var receipt = JsonDocument.Parse(text).RootElement;
        var erased = receipt.GetProperty("erased");

        Assert.Equal(requestId, receipt.GetProperty("requestId").GetString());
        Assert.Equal(1, erased.GetProperty("customers").GetInt32());
        Assert.Equal(1, erased.GetProperty("conversations").GetInt32());
        Assert.Equal(1, erased.GetProperty("messages").GetInt32());
        Assert.True(receipt.GetProperty("subjectKeyDestroyed").GetBoolean());
        Assert.DoesNotContain(customerRef, text, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        var signature = Convert.FromBase64String(signed.GetProperty("signature").GetString()!);
        Assert.True(PrivacyChecks.OpensslVerifies(bytes, signature, pem));
        bytes[bytes.Length / 2] ^= 0x01;
        Assert.False(PrivacyChecks.OpensslVerifies(bytes, signature, pem));
        using var missingKey = await Fixture.Http.GetAsync("/.well-known/omniops-receipt-keys/0123456789abcdef.pem");
        Assert.Equal(HttpStatusCode.NotFound, missingKey.StatusCode);
    }

    [Fact]
    public async Task ALegalHoldRefusesTheErasureWithItsReasonAndLiftingItLetsTheNextOneThrough()
    {
        var tenant = await Fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "generic", secret);
        using (var post = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("h-1", "held-customer", "Disputed charge", "held-conv")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        var customerRef = (await ConversationsAsync(tenant.AdminKey)).Single().CustomerRef;
        using (var hold = await Fixture.SendAsync(HttpMethod.Put, $"/v1/subjects/{customerRef}/legal-hold", tenant.AdminKey, new { reason = "Chargeback dispute 2026-114" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, hold.StatusCode);
        }

        var refused = await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, await PrivacyChecks.StartAsync(Fixture, tenant.AdminKey, new { kind = "erasure", customerRef }));
        using var stillThere = await Fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
        using (var lift = await Fixture.SendAsync(HttpMethod.Delete, $"/v1/subjects/{customerRef}/legal-hold", tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, lift.StatusCode);
        }

        var erased = await PrivacyChecks.WaitAsync(Fixture, tenant.AdminKey, await PrivacyChecks.StartAsync(Fixture, tenant.AdminKey, new { kind = "erasure", customerRef }));
        using var audit = await Fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var operations = (await Webhooks.JsonAsync(audit)).GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("operation").GetString(), e.GetProperty("outcome").GetString())).ToList();

        Assert.Equal("rejected", refused.GetProperty("status").GetString());
        Assert.Contains("legal hold", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal("completed", erased.GetProperty("status").GetString());
        Assert.Contains(("privacy.request.reject", "denied"), operations);
        Assert.Contains(("privacy.request.complete", "success"), operations);
        using var gone = await Fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private async Task<string> OrderCustomerAsync(string adminKey, string orderId)
    {
        using var response = await Fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, adminKey);
        return (await Webhooks.JsonAsync(response)).GetProperty("customerRef").GetString()!;
    }

    private async Task<List<(string ConversationId, string CustomerRef, string Channel, List<string> Texts, List<string> MessageIds)>> ConversationsAsync(string adminKey)
    {
        using var list = await Fixture.SendAsync(HttpMethod.Get, "/v1/conversations?limit=100", adminKey);
        var result = new List<(string, string, string, List<string>, List<string>)>();
        foreach (var summary in (await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray())
        {
            var id = summary.GetProperty("conversationId").GetString()!;
            using var thread = await Fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + id, adminKey);
            var body = await Webhooks.JsonAsync(thread);
            var messages = body.GetProperty("messages").EnumerateArray().ToList();
            result.Add((id, body.GetProperty("customerRef").GetString()!, body.GetProperty("channel").GetString()!,
                [.. messages.Select(m => m.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty)], [.. messages.Select(m => m.GetProperty("messageId").GetString()!)]));
        }

        return result;
    }
}
