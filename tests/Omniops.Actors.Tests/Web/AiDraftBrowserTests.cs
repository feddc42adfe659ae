using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Ai;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// AI drafts reviewed in the dashboard's thread page, in a real browser (chromium), on the deployment whose AI provider
/// is the fake OpenAI-compatible server: approve an edited draft, reject another, and the reply reaches the customer's
/// channel labelled as AI-generated.
/// </summary>
[Collection(AiCollection.Name)]
public sealed class AiDraftBrowserTests(AiDeployment deployment) : IAsyncLifetime
{
    private BrowserSession _browser = null!;

    private ClusterFixture Fixture => deployment.Cluster;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task An_agent_edits_and_approves_one_ai_draft_in_the_thread_page_which_reaches_the_customer_labelled_and_rejects_another()
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

        string conversationId;
        using (var delivery = await Webhooks.PostGenericAsync(Fixture.Http, tenant.TenantId, inboundSecret, Webhooks.GenericBody("g-web-1", "cust-web-42", "Where is my order?")))
        {
            Assert.Equal(HttpStatusCode.Accepted, delivery.StatusCode);
            conversationId = (await Webhooks.JsonAsync(delivery)).GetProperty("conversationId").GetString()!;
        }

        var email = MemberClient.NewEmail("ai-agent");
        await OperationsSeed.AddMemberAsync(Fixture, tenant.AdminKey, email, "agent");
        await using var context = await _browser.NewContextAsync(Fixture.Http.BaseAddress!);
        var page = await OperationsSeed.SignInAsync(context, tenant.TenantId, email, "/inbox/" + conversationId);
        await Assertions.Expect(page.Locator(".drafts")).ToContainTextAsync("No AI draft is waiting for review.");

        var draftButton = page.GetByRole(AriaRole.Button, new() { Name = "Draft a reply with AI" });
        await draftButton.ClickAsync();
        await Assertions.Expect(page.Locator("article.draft")).ToHaveCountAsync(1);
        await draftButton.ClickAsync();
        var drafts = page.Locator("article.draft");
        await Assertions.Expect(drafts).ToHaveCountAsync(2);
        await Assertions.Expect(drafts.First.Locator(".ai-label")).ToHaveTextAsync("AI-generated draft");
        Assert.Contains(deployment.Provider.CompletionCanary, await drafts.First.Locator("textarea").InputValueAsync(), StringComparison.Ordinal);
        await BrowserSession.CheckPageAsync(page, "30-conversation-ai-drafts");
        var (approvedId, rejectedId) = (await drafts.Nth(0).GetAttributeAsync("data-draft"), await drafts.Nth(1).GetAttributeAsync("data-draft"));

        const string Edited = "Your order left our warehouse this morning; it should arrive on Friday.";
        var first = page.Locator($"article.draft[data-draft='{approvedId}']");
        await first.Locator("textarea").FillAsync(Edited);
        await first.GetByRole(AriaRole.Button, new() { Name = "Approve and send" }).ClickAsync();
        var sent = page.Locator("ol.messages li.out", new() { HasText = Edited });
        await Assertions.Expect(sent).ToHaveCountAsync(1);
        await Assertions.Expect(sent.Locator(".ai-label")).ToHaveTextAsync("AI-generated");
        await Assertions.Expect(drafts).ToHaveCountAsync(1);

        await page.Locator($"article.draft[data-draft='{rejectedId}']").GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Assertions.Expect(page.Locator(".drafts")).ToContainTextAsync("No AI draft is waiting for review.");
        await Assertions.Expect(drafts).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("ol.messages li.out")).ToHaveCountAsync(1);
        await BrowserSession.CheckPageAsync(page, "31-conversation-ai-reviewed");

        // The customer-facing reply carries the AI label; the thread keeps it after a reload; the rejected draft is gone.
        using var body = JsonDocument.Parse(Assert.Single(await hook.WaitForAsync(1)).Body);
        Assert.Equal(Edited, body.RootElement.GetProperty("text").GetString());
        Assert.True(body.RootElement.GetProperty("aiGenerated").GetBoolean());
        Assert.Equal(OutboundMessages.AiLabel, body.RootElement.GetProperty("label").GetString());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("ol.messages li.out", new() { HasText = Edited }).Locator(".ai-label")).ToHaveCountAsync(1);
        using var approveRejected = await Fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/ai-drafts/{rejectedId}/approve", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, approveRejected.StatusCode);
        using var audit = await Fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var auditText = await audit.Content.ReadAsStringAsync();
        Assert.Contains("ai.draft.reject", auditText, StringComparison.Ordinal);
        Assert.Contains("\"edited\"", auditText, StringComparison.Ordinal);
    }
}
