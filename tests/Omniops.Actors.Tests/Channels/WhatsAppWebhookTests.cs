using System.Net;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

[Collection(ClusterCollection.Name)]
public sealed class WhatsAppWebhookTests(ClusterFixture fixture)
{
    private const string TextBody = "Hi! My order #1042 just arrived but the box is damaged. Can you help?";

    [Fact]
    public async Task ANotificationWithOneInvalidUpdateIsRefusedWholeAndStoresNothing()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        // The media fixture's two messages, the second given a text far beyond any channel's limit.
        var body = WebhookChecks.Edit(Webhooks.Fixture("whatsapp-media.json"), "\"caption\": \"Packing slip from the parcel\"",
            "\"caption\": \"" + new string('x', 2000) + "\"");

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, body);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
        Assert.Contains(("whatsapp", "invalid-content"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
    }

    [Fact]
    public async Task ATextMessageBecomesAConversationAnAgentCanRead()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Webhooks.Fixture("whatsapp-text.json"));
        var conversation = await SingleConversationAsync(agentKey);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        AssertCounts(await Webhooks.JsonAsync(post), messages: 1, statuses: 0, duplicates: 0);
        Assert.Equal("whatsapp", conversation.GetProperty("channel").GetString());
        var message = Assert.Single(conversation.GetProperty("messages").EnumerateArray());
        Assert.Equal("customer", message.GetProperty("kind").GetString());
        Assert.Equal(1, message.GetProperty("sequence").GetInt64());
        Assert.Equal(TextBody, message.GetProperty("text").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795528997), message.GetProperty("sentAt").GetDateTimeOffset());
        Assert.Empty(message.GetProperty("attachments").EnumerateArray());
        Assert.False(message.GetProperty("aiGenerated").GetBoolean());
        Assert.DoesNotContain("wamid.", conversation.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("15550137251", conversation.GetProperty("customerRef").GetString()!, StringComparison.Ordinal);

        var customer = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId),
            () => fixture.Grains.GetCustomerGrain(tenant.TenantId, conversation.GetProperty("customerRef").GetString()!).GetAsync());
        Assert.Equal("Jamie Rivera", customer.Contact.Name);
        Assert.Equal("+15550137251", customer.Contact.Phone);
        Assert.Equal(new[] { conversation.GetProperty("conversationId").GetString()! }, customer.ConversationIds);
    }

    [Fact]
    public async Task EveryMediaMessageOfOneNotificationKeepsItsAttachmentMetadataInOrder()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Webhooks.Fixture("whatsapp-media.json"));
        var messages = (await SingleConversationAsync(agentKey)).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        AssertCounts(await Webhooks.JsonAsync(post), messages: 2, statuses: 0, duplicates: 0);
        Assert.Equal(new[] { 1L, 2L }, messages.Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.All(messages, m => Assert.False(m.TryGetProperty("text", out _)));
        var image = Assert.Single(messages[0].GetProperty("attachments").EnumerateArray());
        Assert.Equal("image", image.GetProperty("kind").GetString());
        Assert.Equal("image/jpeg", image.GetProperty("mimeType").GetString());
        Assert.Equal("1827364509182736", image.GetProperty("mediaId").GetString());
        Assert.Equal("zra0C0lvqODqUyL1oo2duEwnp0hAfl9HBp7bNbZyBEo=", image.GetProperty("sha256").GetString());
        Assert.Equal("The box arrived crushed, see the corner", image.GetProperty("caption").GetString());
        var document = Assert.Single(messages[1].GetProperty("attachments").EnumerateArray());
        Assert.Equal("document", document.GetProperty("kind").GetString());
        Assert.Equal("application/pdf", document.GetProperty("mimeType").GetString());
        Assert.Equal("2938475610293847", document.GetProperty("mediaId").GetString());
        Assert.Equal("packing-slip-1042.pdf", document.GetProperty("fileName").GetString());
        Assert.Equal("Packing slip from the parcel", document.GetProperty("caption").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795529144), messages[1].GetProperty("sentAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ADeliveryStatusJoinsTheConversationOfTheCustomersMessages()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        using var text = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Webhooks.Fixture("whatsapp-text.json"));
        using var status = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Webhooks.Fixture("whatsapp-status.json"));
        var messages = (await SingleConversationAsync(agentKey)).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        AssertCounts(await Webhooks.JsonAsync(status), messages: 0, statuses: 1, duplicates: 0);
        Assert.Equal(new[] { "customer", "status" }, messages.Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal("delivered", messages[1].GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795530009), messages[1].GetProperty("sentAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ARedeliveredNotificationIsAcknowledgedAndStoredOnce()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var body = Webhooks.Fixture("whatsapp-media.json");

        using var first = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, body);
        using var again = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, body);
        var messages = (await SingleConversationAsync(agentKey)).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        AssertCounts(await Webhooks.JsonAsync(first), messages: 2, statuses: 0, duplicates: 0);
        AssertCounts(await Webhooks.JsonAsync(again), messages: 2, statuses: 0, duplicates: 2);
        Assert.Equal(2, messages.Count);
        Assert.Equal(2, messages.Select(m => m.GetProperty("messageId").GetString()).Distinct().Count());
        Assert.Equal(2, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task ARedeliveredStatusIsStoredOnceButTheNextStatusOfTheSameMessageIsKept()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var delivered = Webhooks.Fixture("whatsapp-status.json");
        var read = WebhookChecks.Edit(WebhookChecks.Edit(delivered, "\"delivered\"", "\"read\""), "1795530009", "1795530042");

        using var first = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, delivered);
        using var again = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, delivered);
        using var next = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, read);

        AssertCounts(await Webhooks.JsonAsync(first), messages: 0, statuses: 1, duplicates: 0);
        AssertCounts(await Webhooks.JsonAsync(again), messages: 0, statuses: 1, duplicates: 1);
        AssertCounts(await Webhooks.JsonAsync(next), messages: 0, statuses: 1, duplicates: 0);
        Assert.Equal(2, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task TheSameContactsNextMessageContinuesTheirConversation()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var followUp = WebhookChecks.Edit(WebhookChecks.Edit(WebhookChecks.Edit(Webhooks.Fixture("whatsapp-text.json"),
            "RBNEMxMjNCMTYxMkREMjcyRDEzNwA=", "RBNEMxMjNCMTYxMkREMjcyRDEzOAA="), TextBody, "Also, the socks are the wrong size."), "1795528997", "1795529600");

        using var first = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Webhooks.Fixture("whatsapp-text.json"));
        using var second = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, followUp);
        var messages = (await SingleConversationAsync(agentKey)).GetProperty("messages").EnumerateArray().ToList();

        AssertCounts(await Webhooks.JsonAsync(second), messages: 1, statuses: 0, duplicates: 0);
        Assert.Equal(new[] { TextBody, "Also, the socks are the wrong size." }, messages.Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(new[] { 1L, 2L }, messages.Select(m => m.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task ATamperedNotificationIsRejectedAuditedAndStoresNothing()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        using var tampering = TamperingHandler.Client(fixture.Http.BaseAddress!, "Hi!", 'h');

        using var post = await Webhooks.PostWhatsAppAsync(tampering, tenant.TenantId, secret, Webhooks.Fixture("whatsapp-text.json"));
        var audit = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Contains(("whatsapp", "bad-signature"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.All(audit, e => Assert.DoesNotContain("Jamie", e.GetRawText(), StringComparison.Ordinal));
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("another secret")]
    [InlineData("no header")]
    [InlineData("no sha256= prefix")]
    [InlineData("empty")]
    public async Task ANotificationWithoutTheAppSecretsSignatureIsUnauthorized(string signature)
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var body = Webhooks.Fixture("whatsapp-text.json");
        var genuine = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        var path = $"/webhooks/{tenant.TenantId}/whatsapp";

        using var post = signature switch
        {
            "another secret" => await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, Webhooks.NewSecret(), body),
            "no header" => await Webhooks.PostAsync(fixture.Http, path, body, "application/json"),
            "no sha256= prefix" => await Webhooks.PostAsync(fixture.Http, path, body, "application/json", ("X-Hub-Signature-256", genuine["sha256=".Length..])),
            _ => await Webhooks.PostAsync(fixture.Http, path, body, "application/json", ("X-Hub-Signature-256", "sha256=")),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Contains(("whatsapp", "bad-signature"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task ANotificationIsNotFoundWhileWhatsAppIsNotConnected()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp-verify", "verify-token");

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, "verify-token", Webhooks.Fixture("whatsapp-text.json"));

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Theory]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[")]
    [InlineData("[]")]
    [InlineData("{\"object\":\"page\",\"entry\":[]}")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":{}}")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[]}}]}]}")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"1\"},\"messages\":[{\"from\":\"2\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}]}}]}]}")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"1\"},\"messages\":[{\"from\":\"2\",\"id\":\"wamid.1\",\"timestamp\":1795528997,\"type\":\"text\",\"text\":{\"body\":\"x\"}}]}}]}]}")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"1\"},\"statuses\":[{\"id\":\"wamid.1\",\"status\":\"delivered\",\"timestamp\":\"1\"}]}}]}]}")]
    public async Task ASignedBodyThatIsNotANotificationIsABadRequestAndStoresNothing(string json)
    {
        var (tenant, secret) = await ConnectedTenantAsync();

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Encoding.UTF8.GetBytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains(("whatsapp", "malformed"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task AnotherTenantsSignedNotificationIsRejectedAtThisTenantsAddressLikeAStrangers()
    {
        var (a, _) = await ConnectedTenantAsync();
        var (b, secretOfB) = await ConnectedTenantAsync();
        var body = Webhooks.Fixture("whatsapp-text.json");

        using var foreign = await Webhooks.PostWhatsAppAsync(fixture.Http, a.TenantId, secretOfB, body);
        using var stranger = await Webhooks.PostWhatsAppAsync(fixture.Http, a.TenantId, Webhooks.NewSecret(), body);

        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(await stranger.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, a.TenantId));
        Assert.Equal(0, await WebhookChecks.StoredMessagesAsync(fixture, b.TenantId));
        Assert.Equal(2, (await WebhookChecks.RejectionsAsync(fixture, a.AdminKey)).Count(r => r == ("whatsapp", "bad-signature")));
        Assert.Empty(await WebhookChecks.RejectionsAsync(fixture, b.AdminKey));
    }

    private async Task<(TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", secret);
        return (tenant, secret);
    }

    /// <summary>The tenant's only conversation, read through the agent API.</summary>
    private async Task<JsonElement> SingleConversationAsync(string agentKey)
    {
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", agentKey);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var summary = Assert.Single((await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray());
        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + summary.GetProperty("conversationId").GetString(), agentKey);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return await Webhooks.JsonAsync(read);
    }

    private static void AssertCounts(JsonElement result, int messages, int statuses, int duplicates)
    {
        Assert.Equal(messages, result.GetProperty("messages").GetInt32());
        Assert.Equal(statuses, result.GetProperty("statuses").GetInt32());
        Assert.Equal(duplicates, result.GetProperty("duplicates").GetInt32());
    }
}
