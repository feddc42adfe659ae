using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>The thread page of a deployment without an AI provider, in a real browser: no draft controls at all.</summary>
public sealed class AiUnavailableBrowserTests
{
    [Fact]
    public async Task Without_an_AI_provider_the_conversation_page_shows_no_ai_draft_controls()
    {
        var fixture = new ClusterFixture(new Dictionary<string, string?>
        {
            ["Omniops:Ai:Endpoint"] = string.Empty,
            ["Omniops:Ai:Model"] = string.Empty,
            ["Omniops:Ai:Region"] = string.Empty,
            ["Omniops:Ai:ApiKey"] = string.Empty,
        }, null, 1);
        await fixture.InitializeAsync();
        await using var browser = await BrowserSession.StartAsync();
        try
        {
            var tenant = await fixture.CreateTenantAsync("No AI Outfitters");
            using (var ai = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, new { ai = Ai.AiConversations.Allowed() }))
            {
                Assert.True(ai.IsSuccessStatusCode, await ai.Content.ReadAsStringAsync());
            }

            var secret = Webhooks.NewSecret();
            await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
            string conversationId;
            using (var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                Webhooks.GenericBody(GrainKeys.NewLocalId('w'), "noel-1", "Can a person answer me?", name: "Noel", email: "noel@example.com")))
            {
                Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
                conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString()!;
            }

            var email = MemberClient.NewEmail("noel-agent");
            await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, email, "agent");
            await using var context = await browser.NewContextAsync(fixture.Http.BaseAddress!);
            var page = await OperationsSeed.SignInAsync(context, tenant.TenantId, email, "/inbox/" + conversationId);

            await Assertions.Expect(page.Locator("ol.messages")).ToContainTextAsync("Can a person answer me?");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send reply" })).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator(".drafts, article.draft").CountAsync());
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Draft a reply with AI" }).CountAsync());
            Assert.DoesNotContain("AI draft", await page.ContentAsync(), StringComparison.Ordinal);
            await BrowserSession.CheckPageAsync(page, "32-conversation-without-ai");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
