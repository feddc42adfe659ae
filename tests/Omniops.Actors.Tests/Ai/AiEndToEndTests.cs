using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces.Metrics;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Privacy;

namespace Omniops.Actors.Tests.Ai;

/// <summary>
/// Issue 11's must-shows across the parts: a reply the model drafted and an agent approved reaches the channel labelled
/// as AI-generated (retried, sent once); a refund the model proposes executes only as policy allows; every provider call
/// is counted without the tenant.
/// </summary>
[Collection(AiCollection.Name)]
public sealed class AiEndToEndTests(AiDeployment deployment)
{
    /// <summary>The wa_id of the WhatsApp fixture's customer.</summary>
    private const string Recipient = "15550137251";

    private ClusterFixture Fixture => deployment.Cluster;

    private FakeOpenAi Provider => deployment.Provider;

    [Fact]
    public async Task AnEditedAiDraftApprovedForAWhatsAppConversationArrivesAtTheGraphApiLabelledAsAiGeneratedAndAFailedSendIsRetriedAndSentOnce()
    {
        await using var graph = new FakeChannelServer(deployment.GraphPort, failFirst: 1);
        var tenant = await AiConversations.TenantAsync(Fixture, AiConversations.Allowed());
        var appSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "whatsapp", appSecret);
        var token = "EAAG" + Webhooks.NewSecret();
        using (var put = await Fixture.SendAsync(HttpMethod.Put, "/v1/credentials/whatsapp-token", tenant.AdminKey,
            new { secret = token, allowedHosts = new[] { $"127.0.0.1:{deployment.GraphPort}" } }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        // Delivered through the real webhook, so the conversation records the business number it arrived on.
        using (var post = await Webhooks.PostWhatsAppAsync(Fixture.Http, tenant.TenantId, appSecret, Webhooks.Fixture("whatsapp-text.json")))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var agentKey = await Fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        using var list = await Fixture.SendAsync(HttpMethod.Get, "/v1/conversations", agentKey);
        var conversationId = Assert.Single((await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray()).GetProperty("conversationId").GetString()!;
        Provider.Clear();
        using var drafted = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/ai-drafts", agentKey);
        var draft = await Webhooks.JsonAsync(drafted);
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        Assert.NotEmpty(Provider.Requests);
        Assert.All(Provider.Requests, r => Assert.DoesNotContain("Jamie", r.Strings(), StringComparison.OrdinalIgnoreCase));
        const string Edited = "Sorry about the box! A replacement ships today.";

        using var approved = await Fixture.SendAsync(HttpMethod.Post,
            $"/v1/conversations/{conversationId}/ai-drafts/{draft.GetProperty("draftId").GetString()}/approve", agentKey, new { text = Edited });
        var messageId = (await Webhooks.JsonAsync(approved)).GetProperty("messageId").GetString()!;
        var requests = await graph.WaitForAsync(2);
        var status = await StatusAsync(conversationId, agentKey, messageId, "sent");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        Assert.Equal("sent", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("aiGenerated").GetBoolean());
        // One failure, one success, nothing after it: the same message both times, sent once.
        Assert.Equal(2, graph.Requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
        var request = requests[1];
        Assert.Equal($"/v24.0/{Webhooks.PhoneNumberId}/messages", request.Path);
        Assert.Equal("Bearer " + token, request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Recipient, body.RootElement.GetProperty("to").GetString());
        Assert.Equal("[AI-generated reply, reviewed by our team] " + Edited, body.RootElement.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal(OutboundMessages.WhatsAppAiPrefix + Edited, body.RootElement.GetProperty("text").GetProperty("body").GetString());
    }

    [Fact]
    public async Task AnApprovedAiDraftOnTheGenericChannelIsPostedWithAiGeneratedAndTheLabelButNeverItsReviewer()
    {
        await using var hook = new FakeChannelServer(deployment.GraphPort);
        var tenant = await AiConversations.TenantAsync(Fixture, AiConversations.Allowed());
        var inboundSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(Fixture, tenant.AdminKey, "generic", inboundSecret);
        using (var put = await Fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic-outbound", tenant.AdminKey, new
        {
            secret = Webhooks.NewSecret(),
            allowedHosts = new[] { $"127.0.0.1:{deployment.GraphPort}" },
            accounts = new[] { $"http://127.0.0.1:{deployment.GraphPort}/hooks/replies" },
        }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using (var delivery = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, inboundSecret, Webhooks.GenericBody("g-1", "cust-42", "Where is my order?")))
        {
            Assert.True(delivery.IsSuccessStatusCode);
        }

        var (agentKey, agentKeyId) = await AgentAsync(tenant.AdminKey);
        using var list = await Fixture.SendAsync(HttpMethod.Get, "/v1/conversations", agentKey);
        var conversationId = Assert.Single((await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray()).GetProperty("conversationId").GetString()!;
        using var drafted = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/ai-drafts", agentKey);
        var draftId = (await Webhooks.JsonAsync(drafted)).GetProperty("draftId").GetString();

        using var approved = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/ai-drafts/{draftId}/approve", agentKey);
        var request = Assert.Single(await hook.WaitForAsync(1));

        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        using var body = JsonDocument.Parse(request.Body);
        Assert.True(body.RootElement.GetProperty("aiGenerated").GetBoolean());
        Assert.Equal(OutboundMessages.AiLabel, body.RootElement.GetProperty("label").GetString());
        Assert.Contains("reviewed by our team", body.RootElement.GetProperty("label").GetString(), StringComparison.Ordinal);
        // The reviewer is a role word to the customer, never who: no key id, no actor field.
        Assert.DoesNotContain(agentKeyId, System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("reviewedBy", out _));
        Assert.False(body.RootElement.TryGetProperty("actorId", out _));
    }

    [Fact]
    public async Task ARefundTheModelProposesAboveTheThresholdIsInTheDraftDoesNotExecuteOnTheAgentsApprovalAndExecutesOnlyOnATenantAdminsApproval()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var action = await DraftWithRefundAsync(seeded, 40m);

        Assert.Equal("refund", action.GetProperty("kind").GetString());
        Assert.Equal(40m, action.GetProperty("amount").GetDecimal());
        Assert.Equal("GBP", action.GetProperty("currency").GetString());
        Assert.Equal("proposed", action.GetProperty("status").GetString());
        Assert.True(action.GetProperty("requiresApproval").GetBoolean());
        var (actionId, orderId) = (action.GetProperty("actionId").GetString()!, action.GetProperty("orderId").GetString()!);
        AssertNoPersonalValueReachedTheProvider();
        // The tool call the model sent back carries the reference only; the server resolved it to the order.
        using (var second = JsonDocument.Parse(Provider.Requests[1].Body))
        {
            var call = second.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.TryGetProperty("tool_calls", out _)).GetProperty("tool_calls")[0].GetProperty("function");
            Assert.Contains("[ORDER_1]", call.GetProperty("arguments").GetString(), StringComparison.Ordinal);
            Assert.Contains("\"recorded\":true", ToolResult(Provider.Requests[1]), StringComparison.OrdinalIgnoreCase);
        }

        using var approvedDraft = await Fixture.SendAsync(HttpMethod.Post,
            $"/v1/conversations/{seeded.ConversationId}/ai-drafts/{DraftId}/approve", seeded.AgentKey);
        using var byAgent = await Fixture.SendAsync(HttpMethod.Post, $"/v1/actions/{actionId}/approve", seeded.AgentKey);

        Assert.Equal(HttpStatusCode.Created, approvedDraft.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal("proposed", await ActionStatusAsync(seeded, actionId));
        Assert.Empty(await MerchantActionsAsync(seeded, orderId));

        using var byAdmin = await Fixture.SendAsync(HttpMethod.Post, $"/v1/actions/{actionId}/approve", seeded.Tenant.AdminKey);

        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("executed", await ActionStatusAsync(seeded, actionId));
        Assert.Equal(40m, Assert.Single(await MerchantActionsAsync(seeded, orderId)).GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task BelowTheThresholdTheAgentsApprovalOfTheDraftExecutesTheModelsRefundButPolicyRefusesOneAboveTheOrderTotal()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        using (var patch = await Fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", seeded.Tenant.AdminKey, new { actions = new { refundApprovalThreshold = 500m } }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        // 100 of a 59.00 order: within the threshold, above what is left to refund; the policy, not the model, decides.
        var refused = await DraftWithRefundAsync(seeded, 100m, expectAction: false);
        var refusal = ToolResult(Provider.Requests[1]);
        AssertNoPersonalValueReachedTheProvider();
        var action = await DraftWithRefundAsync(seeded, 30m);
        AssertNoPersonalValueReachedTheProvider();

        Assert.Equal(JsonValueKind.Undefined, refused.ValueKind);
        Assert.Contains("\"recorded\":false", refusal, StringComparison.OrdinalIgnoreCase);
        Assert.False(action.GetProperty("requiresApproval").GetBoolean());
        var (actionId, orderId) = (action.GetProperty("actionId").GetString()!, action.GetProperty("orderId").GetString()!);
        Assert.Equal("proposed", await ActionStatusAsync(seeded, actionId));
        Assert.Empty(await MerchantActionsAsync(seeded, orderId));

        using var approvedDraft = await Fixture.SendAsync(HttpMethod.Post,
            $"/v1/conversations/{seeded.ConversationId}/ai-drafts/{DraftId}/approve", seeded.AgentKey);

        Assert.Equal(HttpStatusCode.Created, approvedDraft.StatusCode);
        Assert.Equal("executed", await ActionStatusAsync(seeded, actionId));
        Assert.Equal(30m, Assert.Single(await MerchantActionsAsync(seeded, orderId)).GetProperty("amount").GetDecimal());
        var events = await WebhookChecks.AuditEventsAsync(Fixture, seeded.Tenant.AdminKey);
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "action.propose" && e.GetProperty("outcome").GetString() == "denied");
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "action.execute" && e.GetProperty("resource").GetString() == actionId);
    }

    [Fact]
    public async Task EveryProviderCallIsCountedByOutcomeProviderAndModelAndNeverByTenant()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var recorded = new ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OmniopsMeter.Name && instrument.Name == "omniops.ai.calls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => recorded.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        using var response = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts", seeded.AgentKey);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var call = Assert.Single(recorded, r => Equals(r.Tags.GetValueOrDefault("model"), FakeOpenAi.Model));
        Assert.Equal(1, call.Value);
        Assert.Equal("success", call.Tags["outcome"]);
        Assert.Equal("127.0.0.1", call.Tags["provider"]);
        Assert.Equal(["model", "outcome", "provider"], call.Tags.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(recorded, r => r.Tags.Values.Any(v => Equals(v, seeded.Tenant.TenantId)));
    }

    [Fact]
    public async Task TheSubjectExportTheTenantExportAndTheDataMapShowHowAiIsUsedAndTheActionsTheModelProposed()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var actionId = (await DraftWithRefundAsync(seeded, 40m)).GetProperty("actionId").GetString()!;
        using (var approved = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts/{DraftId}/approve", seeded.AgentKey))
        {
            Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        }

        using (var byAdmin = await Fixture.SendAsync(HttpMethod.Post, $"/v1/actions/{actionId}/approve", seeded.Tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        }

        var requestId = await PrivacyChecks.StartAsync(Fixture, seeded.Tenant.AdminKey, new { kind = "access", customerRef = seeded.CustomerRef });
        await PrivacyChecks.WaitAsync(Fixture, seeded.Tenant.AdminKey, requestId);
        using var subject = await Fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{requestId}/export", seeded.Tenant.AdminKey);
        var subjectText = await subject.Content.ReadAsStringAsync();
        using var tenant = await Fixture.SendAsync(HttpMethod.Get, "/v1/tenant/export", seeded.Tenant.AdminKey);
        var tenantText = await tenant.Content.ReadAsStringAsync();
        using var map = await Fixture.SendAsync(HttpMethod.Get, "/v1/tenant/data-map", seeded.Tenant.AdminKey);
        var ai = (await Webhooks.JsonAsync(map)).GetProperty("ai");

        Assert.Empty(ExportSchemas.Problems(ExportSchemas.Subject, subjectText));
        Assert.Empty(ExportSchemas.Problems(ExportSchemas.Tenant, tenantText));
        using var subjectExport = JsonDocument.Parse(subjectText);
        var usage = subjectExport.RootElement.GetProperty("aiUsage");
        foreach (var provider in new[] { usage.GetProperty("provider"), JsonDocument.Parse(tenantText).RootElement.GetProperty("aiUsage").GetProperty("provider"), ai })
        {
            Assert.Equal("127.0.0.1", provider.GetProperty("providerHost").GetString());
            Assert.Equal(AiDeployment.Region, provider.GetProperty("region").GetString());
            Assert.Equal(30, provider.GetProperty("retentionDays").GetInt32());
            Assert.True(provider.GetProperty("humanReview").GetBoolean());
            Assert.Equal(OutboundMessages.AiLabel, provider.GetProperty("label").GetString());
        }

        var action = Assert.Single(usage.GetProperty("actions").EnumerateArray());
        Assert.Equal((actionId, "executed", 40m), (action.GetProperty("actionId").GetString(), action.GetProperty("status").GetString(), action.GetProperty("amount").GetDecimal()));
        Assert.False(action.TryGetProperty("decidedBy", out _));
        Assert.Single(usage.GetProperty("replies").EnumerateArray());
        var listed = Assert.Single(JsonDocument.Parse(tenantText).RootElement.GetProperty("actions").EnumerateArray(), a => a.GetProperty("actionId").GetString() == actionId);
        Assert.Equal("executed", listed.GetProperty("status").GetString());
        Assert.True(listed.GetProperty("requiresApproval").GetBoolean());
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("decidedBy").GetString()));
        Assert.Contains("\"aiGenerated\":true", tenantText.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private string? DraftId { get; set; }

    /// <summary>Drafts with the fake model proposing a refund of <paramref name="amount"/> for [ORDER_1]; the draft's one proposed action.</summary>
    private async Task<JsonElement> DraftWithRefundAsync(AiConversations.Seeded seeded, decimal amount, bool expectAction = true)
    {
        Provider.Clear();
        (Provider.Tool, Provider.RefundAmount) = ("propose_refund", amount);
        try
        {
            using var response = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts", seeded.AgentKey);
            var draft = await Webhooks.JsonAsync(response);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(2, Provider.Requests.Count);
            DraftId = draft.GetProperty("draftId").GetString();
            var actions = draft.GetProperty("proposedActions").EnumerateArray().ToList();
            if (!expectAction)
            {
                Assert.Empty(actions);
                return default;
            }

            return Assert.Single(actions).Clone();
        }
        finally
        {
            Provider.Tool = "order_status";
        }
    }

    private void AssertNoPersonalValueReachedTheProvider()
    {
        foreach (var request in Provider.Requests)
        {
            var sent = request.Strings();
            foreach (var value in AiConversations.PersonalValues)
            {
                Assert.DoesNotContain(value, sent, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static string ToolResult(RecordedRequest request)
    {
        using var document = JsonDocument.Parse(request.Body);
        var result = document.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("content");
        return (result.ValueKind == JsonValueKind.String ? result.GetString()! : result.GetRawText()).Replace(" ", string.Empty, StringComparison.Ordinal);
    }

    private async Task<(string Key, string KeyId)> AgentAsync(string adminKey)
    {
        using var minted = await Fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", adminKey, new { role = "agent", name = "agent key" });
        var body = await Webhooks.JsonAsync(minted);
        return (body.GetProperty("key").GetString()!, body.GetProperty("keyId").GetString()!);
    }

    private async Task<string?> ActionStatusAsync(AiConversations.Seeded seeded, string actionId)
    {
        using var response = await Fixture.SendAsync(HttpMethod.Get, "/v1/actions/" + actionId, seeded.Tenant.AdminKey);
        return (await Webhooks.JsonAsync(response)).GetProperty("status").GetString();
    }

    private async Task<List<JsonElement>> MerchantActionsAsync(AiConversations.Seeded seeded, string orderId)
    {
        using var response = await Fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, seeded.Tenant.AdminKey);
        return [.. (await Webhooks.JsonAsync(response)).GetProperty("merchantActions").EnumerateArray().Select(e => e.Clone())];
    }

    private async Task<JsonElement> StatusAsync(string conversationId, string agentKey, string messageId, string until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var read = await Fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, agentKey);
            var message = (await Webhooks.JsonAsync(read)).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("messageId").GetString() == messageId).Clone();
            if (message.GetProperty("status").GetString() == until || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return message;
            }

            await Task.Delay(100);
        }
    }
}
