using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>Steps the privacy pages' browser tests share: a signed-in member's browser, a seeded conversation.</summary>
public static class PrivacyPageSteps
{
    /// <summary>A fresh browser signed in as a new member of <paramref name="role"/>, on the inbox.</summary>
    public static async Task<IPage> SignedInPageAsync(ClusterFixture fixture, BrowserSession browser, string tenantId, string adminKey, string role)
    {
        var email = MemberClient.NewEmail("privacy-" + role);
        var token = await MemberClient.InviteAsync(fixture, adminKey, email, role);
        using (var accept = await fixture.Http.PostAsJsonAsync("/auth/invitations/accept", new { token, password = MemberClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, accept.StatusCode);
        }

        var context = await browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Workspace id").FillAsync(tenantId);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(MemberClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Seeds one conversation through the generic webhook; the customer ref it landed on.</summary>
    public static async Task<string> SeedConversationAsync(ClusterFixture fixture, string tenantId, string adminKey, string text, string email)
    {
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, adminKey, "generic", secret);
        var body = Webhooks.GenericBody(GrainKeys.NewLocalId('w'), "cust-" + Guid.NewGuid().ToString("N")[..8], text, name: "Jamie", email: email);
        using var response = await Webhooks.PostGenericAsync(fixture.Http, tenantId, secret, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!;
        using var conversation = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, adminKey);
        return (await Webhooks.JsonAsync(conversation)).GetProperty("customerRef").GetString()!;
    }
}
