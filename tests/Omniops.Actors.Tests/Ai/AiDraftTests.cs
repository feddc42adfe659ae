using System.Net;
using System.Text.Json;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Privacy;

namespace Omniops.Actors.Tests.Ai;

/// <summary>AI drafts against a local OpenAI-compatible provider that records every request.</summary>
[Collection(AiCollection.Name)]
public sealed class AiDraftTests(AiDeployment deployment)
{
    private ClusterFixture Fixture => deployment.Cluster;

    private FakeOpenAi Provider => deployment.Provider;

    [Fact]
    public async Task NoPersonalValueOfTheConversationItsCustomerOrItsOrdersReachesTheProviderWhileTheAgentGetsTheDraftReidentified()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        Provider.Clear();

        using var response = await DraftAsync(seeded);
        var draft = await Webhooks.JsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"Hello {AiConversations.Name}, your order {AiConversations.OrderNumber} is on its way. {Provider.CompletionCanary}", draft.GetProperty("text").GetString());
        Assert.True(draft.GetProperty("requiresReview").GetBoolean());
        Assert.Empty(draft.GetProperty("proposedActions").EnumerateArray());
        Assert.Equal(2, Provider.Requests.Count);
        foreach (var request in Provider.Requests)
        {
            var sent = request.Strings();
            foreach (var value in AiConversations.PersonalValues)
            {
                Assert.DoesNotContain(value, sent, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain(AiDeployment.ApiKey, request.Body, StringComparison.Ordinal);
            Assert.Equal("Bearer " + AiDeployment.ApiKey, request.Authorization);
        }

        Assert.Contains("[CUSTOMER_1]", Provider.Requests[0].Strings(), StringComparison.Ordinal);
        Assert.Contains(seeded.PromptCanary, Provider.Requests[0].Strings(), StringComparison.Ordinal);
        // The tool ran with the resolved order number (it found the order) and its result reached the model minimised.
        using var second = JsonDocument.Parse(Provider.Requests[1].Body);
        var messages = second.RootElement.GetProperty("messages").EnumerateArray().ToList();
        var call = messages.Single(m => m.TryGetProperty("tool_calls", out _)).GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("{\"order\":\"[ORDER_1]\"}", call.GetProperty("arguments").GetString()!.Replace(" ", string.Empty, StringComparison.Ordinal));
        var result = messages.Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("content");
        var resultText = result.ValueKind == JsonValueKind.String ? result.GetString()! : result.GetRawText();
        Assert.Contains("\"found\":true", resultText, StringComparison.Ordinal);
        Assert.Contains("[ORDER_1]", resultText, StringComparison.Ordinal);
        Assert.Contains("[TRACKING_1]", resultText, StringComparison.Ordinal);
        var audit = (await WebhookChecks.AuditEventsAsync(Fixture, seeded.Tenant.AdminKey)).Single(e => e.GetProperty("operation").GetString() == "ai.draft");
        var details = audit.GetProperty("details");
        Assert.Equal("success", audit.GetProperty("outcome").GetString());
        Assert.Equal("127.0.0.1", details.GetProperty("provider").GetString());
        Assert.Equal(FakeOpenAi.Model, details.GetProperty("model").GetString());
        Assert.Equal(AiDeployment.Region, details.GetProperty("region").GetString());
        Assert.Equal("240", details.GetProperty("promptTokens").GetString());
        Assert.Equal("34", details.GetProperty("completionTokens").GetString());
        Assert.Equal("orders.order_status", details.GetProperty("tools").GetString());
        Assert.Equal(64, details.GetProperty("hmac:prompt").GetString()!.Length);
        Assert.StartsWith("You draft replies", details.GetProperty("preview:prompt").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(seeded.PromptCanary, audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterDraftingNeitherADumpOfTheDatabaseNorAnyLogLineHoldsPromptCompletionOrTheProvidersKey()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());

        using var response = await DraftAsync(seeded);
        var text = (await Webhooks.JsonAsync(response)).GetProperty("text").GetString()!;
        var dump = PrivacyChecks.Dump(Fixture);
        var logs = await OmniopsTestCluster.ReadLogsAsync(Fixture.Settings);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(Provider.CompletionCanary, text, StringComparison.Ordinal);
        foreach (var secret in new[] { seeded.PromptCanary, Provider.CompletionCanary, AiDeployment.ApiKey, "[CUSTOMER_1]", "[ORDER_1]" })
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATenantWhoseAllowedRegionsExcludeTheProvidersRegionOrWhoseAiIsOffIsRefusedWithoutAnyProviderRequest()
    {
        var elsewhere = await AiConversations.SeedAsync(Fixture, new { enabled = true, allowedRegions = new[] { "us-east" } });
        var off = await AiConversations.SeedAsync(Fixture, new { enabled = false, allowedRegions = new[] { AiDeployment.Region } });
        Provider.Clear();

        using var refused = await DraftAsync(elsewhere);
        using var disabled = await DraftAsync(off);
        var problem = await Webhooks.JsonAsync(refused);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.EndsWith("ai-refused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("allowedRegions", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, disabled.StatusCode);
        Assert.Empty(Provider.Requests);
        var audit = (await WebhookChecks.AuditEventsAsync(Fixture, elsewhere.Tenant.AdminKey)).Single(e => e.GetProperty("operation").GetString() == "ai.draft");
        Assert.Equal("denied", audit.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AnApprovedEditedDraftIsStoredAsAnAiMessageWithItsReviewerInTheReadAndTheExportWhileRejectedAndRegeneratedDraftsAreGone()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var first = await DraftIdAsync(seeded);

        using var regenerated = await PostAsync(seeded, $"{first}/regenerate");
        var second = (await Webhooks.JsonAsync(regenerated)).GetProperty("draftId").GetString()!;
        using var approveGone = await PostAsync(seeded, $"{first}/approve", new { text = "stale" });
        using var rejected = await PostAsync(seeded, $"{second}/reject");
        using var rejectAgain = await PostAsync(seeded, $"{second}/reject");
        var third = await DraftIdAsync(seeded);
        using var approved = await PostAsync(seeded, $"{third}/approve", new { text = "Your order is on its way; it should arrive tomorrow." });
        using var read = await Fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{seeded.ConversationId}", seeded.AgentKey);
        var messages = (await Webhooks.JsonAsync(read)).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.Created, regenerated.StatusCode);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, approveGone.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rejectAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        Assert.Equal(2, messages.Count);
        var ai = messages[1];
        Assert.Equal("Your order is on its way; it should arrive tomorrow.", ai.GetProperty("text").GetString());
        Assert.True(ai.GetProperty("aiGenerated").GetBoolean());
        Assert.Equal(seeded.AgentKeyId, ai.GetProperty("reviewedBy").GetString());
        Assert.Equal(seeded.AgentKeyId, ai.GetProperty("actorId").GetString());
        Assert.False(messages[0].GetProperty("aiGenerated").GetBoolean());
        Assert.False(messages[0].TryGetProperty("reviewedBy", out var reviewer) && reviewer.ValueKind != JsonValueKind.Null);

        var requestId = await PrivacyChecks.StartAsync(Fixture, seeded.Tenant.AdminKey, new { kind = "access", customerRef = seeded.CustomerRef });
        await PrivacyChecks.WaitAsync(Fixture, seeded.Tenant.AdminKey, requestId);
        using var exported = await Fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{requestId}/export", seeded.Tenant.AdminKey);
        var export = await Webhooks.JsonAsync(exported);
        var exportedAi = export.GetProperty("customers")[0].GetProperty("conversations")[0].GetProperty("messages")[1];
        Assert.True(exportedAi.GetProperty("aiGenerated").GetBoolean());
        Assert.Equal(seeded.AgentKeyId, exportedAi.GetProperty("actor").GetString());
        var reply = Assert.Single(export.GetProperty("aiUsage").GetProperty("replies").EnumerateArray());
        Assert.Equal(seeded.AgentKeyId, reply.GetProperty("reviewedBy").GetString());
        Assert.Equal(FakeOpenAi.Model, reply.GetProperty("model").GetString());
    }

    [Fact]
    public async Task WithAutoSendADraftThatProposesNoActionIsStoredAtOnceAsAnUnreviewedAiMessage()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed(autoSend: true));

        using var response = await DraftAsync(seeded);
        var draft = await Webhooks.JsonAsync(response);
        using var read = await Fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{seeded.ConversationId}", seeded.AgentKey);
        var messages = (await Webhooks.JsonAsync(read)).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(draft.GetProperty("requiresReview").GetBoolean());
        Assert.Equal(messages[1].GetProperty("messageId").GetString(), draft.GetProperty("sentMessageId").GetString());
        Assert.True(messages[1].GetProperty("aiGenerated").GetBoolean());
        Assert.Equal("auto-send", messages[1].GetProperty("reviewedBy").GetString());
        Assert.Equal(draft.GetProperty("text").GetString(), messages[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task WithAutoSendADraftThatProposesAHandOffIsHeldForReviewAndNothingIsStored()
    {
        var seeded = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed(autoSend: true));
        Provider.Tool = "hand_off_to_human";
        try
        {
            using var response = await DraftAsync(seeded);
            var draft = await Webhooks.JsonAsync(response);
            using var read = await Fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{seeded.ConversationId}", seeded.AgentKey);

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.True(draft.GetProperty("requiresReview").GetBoolean());
            Assert.Equal("handoff", Assert.Single(draft.GetProperty("proposedActions").EnumerateArray()).GetProperty("kind").GetString());
            Assert.False(draft.TryGetProperty("sentMessageId", out var sent) && sent.ValueKind != JsonValueKind.Null);
            Assert.Single((await Webhooks.JsonAsync(read)).GetProperty("messages").EnumerateArray());
        }
        finally
        {
            Provider.Tool = "order_status";
        }
    }

    [Fact]
    public async Task ImprovementDataIsRefusedWithoutTheTenantsOptInAndMinimisedWithIt()
    {
        var without = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var with = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed(trainingOptIn: true));

        using var refused = await Fixture.SendAsync(HttpMethod.Get, "/v1/ai/improvement-data", without.Tenant.AdminKey);
        using var agent = await Fixture.SendAsync(HttpMethod.Get, "/v1/ai/improvement-data", with.AgentKey);
        using var given = await Fixture.SendAsync(HttpMethod.Get, "/v1/ai/improvement-data", with.Tenant.AdminKey);
        var text = await given.Content.ReadAsStringAsync();
        var transcript = Assert.Single((await Webhooks.JsonAsync(given)).GetProperty("transcripts").EnumerateArray());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal(with.ConversationId, transcript.GetProperty("conversationId").GetString());
        var message = Assert.Single(transcript.GetProperty("messages").EnumerateArray());
        Assert.StartsWith("Hi, this is [CUSTOMER_1] ([EMAIL_1]). Where is my order [ORDER_1]?", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        foreach (var value in AiConversations.PersonalValues)
        {
            Assert.DoesNotContain(value, JsonDocument.Parse(text).RootElement.GetRawText().Replace("\\u002B", "+", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AnotherTenantGetsNotFoundForThisTenantsConversationAndDrafts()
    {
        var a = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var b = await AiConversations.SeedAsync(Fixture, AiConversations.Allowed());
        var draftId = await DraftIdAsync(a);
        Provider.Clear();

        using var draft = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{a.ConversationId}/ai-drafts", b.AgentKey);
        using var approve = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{a.ConversationId}/ai-drafts/{draftId}/approve", b.AgentKey, new { });
        using var reject = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{a.ConversationId}/ai-drafts/{draftId}/reject", b.AgentKey);
        using var regenerate = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{a.ConversationId}/ai-drafts/{draftId}/regenerate", b.AgentKey);
        using var stillThere = await PostAsync(a, $"{draftId}/approve", new { });

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reject.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, regenerate.StatusCode);
        Assert.Empty(Provider.Requests);
        Assert.Equal(HttpStatusCode.Created, stillThere.StatusCode);
    }

    private Task<HttpResponseMessage> DraftAsync(AiConversations.Seeded seeded) =>
        Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts", seeded.AgentKey);

    private Task<HttpResponseMessage> PostAsync(AiConversations.Seeded seeded, string path, object? body = null) =>
        Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{seeded.ConversationId}/ai-drafts/{path}", seeded.AgentKey, body);

    private async Task<string> DraftIdAsync(AiConversations.Seeded seeded)
    {
        using var response = await DraftAsync(seeded);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Webhooks.JsonAsync(response)).GetProperty("draftId").GetString()!;
    }
}
