using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Privacy;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// Replies reach the channel (issue 11, item 5): an agent's or approved AI reply is written with an outbox row and sent
/// through the channel's credential grain to a local fake of the channel's API.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplyDeliveryTests(ClusterFixture fixture)
{
    /// <summary>The wa_id of the WhatsApp fixtures' customer (<c>from</c>).</summary>
    private const string Recipient = "15550137251";

    [Fact]
    public async Task AnAgentsReplyArrivesAtTheWhatsAppGraphApiFromTheConversationsBusinessNumberWithTheToken()
    {
        await using var graph = FakeChannelServer.Graph();
        var chat = await WhatsAppConversationAsync(withToken: true);

        var messageId = await ReplyAsync(chat, "Sorry about the box! A replacement ships today.");
        var request = Assert.Single(await graph.WaitForAsync(1));

        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v24.0/{Webhooks.PhoneNumberId}/messages", request.Path);
        Assert.Equal("Bearer " + chat.Token, request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("whatsapp", body.RootElement.GetProperty("messaging_product").GetString());
        Assert.Equal(Recipient, body.RootElement.GetProperty("to").GetString());
        Assert.Equal("text", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("Sorry about the box! A replacement ships today.", body.RootElement.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal("sent", await StatusAsync(chat, messageId, until: "sent"));
        Assert.Equal(0, await OutboxRowsAsync(chat.Tenant.TenantId));
    }

    [Fact]
    public async Task AReplyTheGraphApiFailsTwiceIsRetriedAndSentExactlyOnce()
    {
        await using var graph = FakeChannelServer.Graph(failFirst: 2);
        var chat = await WhatsAppConversationAsync(withToken: true);

        var messageId = await ReplyAsync(chat, "Your refund is on its way.");
        var requests = await graph.WaitForAsync(3);
        Assert.Equal("sent", await StatusAsync(chat, messageId, until: "sent"));
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Two failures, one success, and nothing after it: sent once, every attempt the same message.
        Assert.Equal(3, graph.Requests.Count);
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.Equal(0, await OutboxRowsAsync(chat.Tenant.TenantId));
    }

    [Fact]
    public async Task AnApprovedAiReplyArrivesOnWhatsAppLabelledAsAiGenerated()
    {
        await using var graph = FakeChannelServer.Graph();
        var chat = await WhatsAppConversationAsync(withToken: true);

        // Stored as the AI review path stores it (kind ai, the reviewer as actor), through the message store itself: the
        // outbox row comes from the store, whatever path wrote the message.
        var messageId = await StoreAiReplyAsync(chat, "Your parcel is due on Friday.");
        var request = Assert.Single(await graph.WaitForAsync(1));

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("[AI-generated reply, reviewed by our team] Your parcel is due on Friday.", body.RootElement.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal(OutboundMessages.WhatsAppAiPrefix + "Your parcel is due on Friday.", body.RootElement.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal("sent", await StatusAsync(chat, messageId, until: "sent"));
    }

    [Fact]
    public async Task AGenericReplyIsPostedToTheMerchantsUrlSignedLikeAnInboundDelivery()
    {
        await using var hook = new FakeChannelServer(OmniopsTestCluster.FakeChannelPort);
        var tenant = await fixture.CreateTenantAsync();
        var inboundSecret = Webhooks.NewSecret();
        var outboundSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", inboundSecret);
        using (var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic-outbound", tenant.AdminKey, new
        {
            secret = outboundSecret,
            allowedHosts = new[] { $"127.0.0.1:{OmniopsTestCluster.FakeChannelPort}" },
            accounts = new[] { $"http://127.0.0.1:{OmniopsTestCluster.FakeChannelPort}/hooks/replies" },
        }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using (var delivery = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, inboundSecret, Webhooks.GenericBody("g-1", "cust-42", "Where is my order?")))
        {
            Assert.True(delivery.IsSuccessStatusCode);
        }

        var chat = await OpenChatAsync(tenant, null);
        var messageId = await ReplyAsync(chat, "It left the warehouse this morning.");
        var request = Assert.Single(await hook.WaitForAsync(1));

        Assert.Equal("/hooks/replies", request.Path);
        var timestamp = request.Headers["X-Omniops-Timestamp"];
        Assert.Equal(Webhooks.GenericSignature(outboundSecret, timestamp, request.Body), request.Headers["X-Omniops-Signature"]);
        Assert.NotEqual(Webhooks.GenericSignature(inboundSecret, timestamp, request.Body), request.Headers["X-Omniops-Signature"]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        Assert.Equal(messageId, request.Headers["Idempotency-Key"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(messageId, body.RootElement.GetProperty("messageId").GetString());
        Assert.Equal("cust-42", body.RootElement.GetProperty("customer").GetProperty("ref").GetString());
        Assert.Equal("It left the warehouse this morning.", body.RootElement.GetProperty("text").GetString());
        Assert.False(body.RootElement.GetProperty("aiGenerated").GetBoolean());
        Assert.Equal("sent", await StatusAsync(chat, messageId, until: "sent"));
    }

    [Fact]
    public async Task AReplyThatCannotBeSentEndsFailedOnTheMessageAndInTheAuditTrail()
    {
        // No WhatsApp token: every attempt fails, and after the configured four the reply is given up.
        var chat = await WhatsAppConversationAsync(withToken: false);

        var messageId = await ReplyAsync(chat, "We will call you back.");

        Assert.Equal("failed", await StatusAsync(chat, messageId, until: "failed"));
        Assert.Equal(0, await OutboxRowsAsync(chat.Tenant.TenantId));
        var events = await WebhookChecks.AuditEventsAsync(fixture, chat.Tenant.AdminKey);
        var failure = Assert.Single(events, e => e.GetProperty("operation").GetString() == "conversation.send");
        Assert.Equal("failure", failure.GetProperty("outcome").GetString());
        Assert.DoesNotContain("We will call you back", failure.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueuedReplysOutboxRowHoldsReferencesOnlyAndErasureRemovesIt()
    {
        var chat = await WhatsAppConversationAsync(withToken: false);
        var messageId = await ReplyAsync(chat, "Your voucher code is in the post, Jamie.");

        // Held back as a long backoff would: after the first failed attempt, due tomorrow.
        await WaitAsync(async () => await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_outbox WHERE tenant_id = $1 AND attempts >= 1", chat.Tenant.TenantId) == 1);
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString,
            "UPDATE omniops_outbox SET next_attempt_at = now() + interval '1 day' WHERE tenant_id = $1", chat.Tenant.TenantId);

        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_outbox WHERE tenant_id = $1 AND message_id = $2 AND conversation_id = $3", chat.Tenant.TenantId, messageId, chat.ConversationId));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_outbox o WHERE strpos(row_to_json(o)::text, 'voucher') > 0 OR strpos(row_to_json(o)::text, $1) > 0", Recipient));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_messages m WHERE strpos(encode(body, 'escape'), 'voucher') > 0"));

        var requestId = await PrivacyChecks.StartAsync(fixture, chat.Tenant.AdminKey, new { kind = "erasure", customerRef = chat.CustomerRef });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, chat.Tenant.AdminKey, requestId)).GetProperty("status").GetString());

        Assert.Equal(0, await OutboxRowsAsync(chat.Tenant.TenantId));
    }

    [Fact]
    public async Task AChannelCannotDeliverAnAgentOrAiMessageThatWouldBeSentOut()
    {
        var chat = await WhatsAppConversationAsync(withToken: false);
        var conversation = fixture.Grains.GetConversationGrain(chat.Tenant.TenantId, chat.ConversationId);

        foreach (var kind in new[] { MessageKind.Agent, MessageKind.Ai })
        {
            await Assert.ThrowsAsync<GrainInterfaces.Errors.RequestValidationException>(() => ClusterFixture.AsAsync(
                CallerContext.Channel(chat.Tenant.TenantId, "whatsapp"),
                () => conversation.AppendAsync(new ConversationDelivery(GrainKeys.NewLocalId('m'), "whatsapp", chat.CustomerRef, kind, "Click here", [], null, null))));
        }

        Assert.Equal(0, await OutboxRowsAsync(chat.Tenant.TenantId));
    }

    private async Task<Chat> WhatsAppConversationAsync(bool withToken)
    {
        var tenant = await fixture.CreateTenantAsync();
        var appSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", appSecret);
        string? token = null;
        if (withToken)
        {
            token = "EAAG" + Webhooks.NewSecret();
            using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/whatsapp-token", tenant.AdminKey,
                new { secret = token, allowedHosts = new[] { $"127.0.0.1:{OmniopsTestCluster.FakeChannelPort}" } });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, appSecret, Webhooks.Fixture("whatsapp-text.json"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        return await OpenChatAsync(tenant, token);
    }

    private async Task<Chat> OpenChatAsync(TenantCreatedResponse tenant, string? token)
    {
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", agentKey);
        var summary = Assert.Single((await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray());
        return new Chat(tenant, agentKey, summary.GetProperty("conversationId").GetString()!, summary.GetProperty("customerRef").GetString()!, token);
    }

    private async Task<string> ReplyAsync(Chat chat, string text)
    {
        using var reply = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{chat.ConversationId}/replies", chat.AgentKey, new { text });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        return (await Webhooks.JsonAsync(reply)).GetProperty("messageId").GetString()!;
    }

    private async Task<string> StoreAiReplyAsync(Chat chat, string text)
    {
        var services = fixture.Cluster.Silos[0].SiloHost.Services;
        var store = services.GetRequiredService<IMessageStore>();
        var key = await services.GetRequiredService<SubjectKeyring>().GetOrCreateAsync(chat.Tenant.TenantId, chat.CustomerRef);
        var grainId = fixture.Grains.GetConversationGrain(chat.Tenant.TenantId, chat.ConversationId).GetGrainId().ToString();
        var messageId = "m-ai-" + Guid.NewGuid().ToString("N");
        var record = await store.ReadConversationAsync(chat.Tenant.TenantId, chat.ConversationId);
        var now = DateTimeOffset.UtcNow;
        Assert.True(await store.AppendAsync(new StoredMessage(chat.Tenant.TenantId, chat.ConversationId, record!.LastSequence + 1, messageId, MessageKind.Ai,
            "whatsapp", chat.CustomerRef, "agent-reviewer", now, now, OutboxStatuses.Queued,
            EncryptedFieldCodec.ToBytes(FieldCipher.SealString(key, grainId, "message/" + messageId, text)), null, false)));
        await ClusterFixture.AsAsync(CallerContext.System(chat.Tenant.TenantId, "test"), async () =>
        {
            await fixture.Grains.GetOutboxGrain(chat.Tenant.TenantId).NotifyAsync();
            return true;
        });
        return messageId;
    }

    /// <summary>The message's status once it is <paramref name="until"/> (or whatever it is when the time is up).</summary>
    private async Task<string?> StatusAsync(Chat chat, string messageId, string until)
    {
        string? status = null;
        await WaitAsync(async () =>
        {
            using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + chat.ConversationId, chat.AgentKey);
            var message = (await Webhooks.JsonAsync(read)).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("messageId").GetString() == messageId);
            status = message.GetProperty("status").GetString();
            return status == until;
        });
        return status;
    }

    private Task<long> OutboxRowsAsync(string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_outbox WHERE tenant_id = $1", tenantId);

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition() && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }
    }

    private sealed record Chat(TenantCreatedResponse Tenant, string AgentKey, string ConversationId, string CustomerRef, string? Token);
}
