using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Omniops.Actors.Client.Web;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Members;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>The merchant dashboard in a real browser (chromium) against the test gateway on real PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardBrowserTests(ClusterFixture fixture) : IAsyncLifetime
{
    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task An_invited_member_sets_a_password_turns_on_TOTP_signs_in_with_it_reads_a_conversation_and_replies()
    {
        var tenant = await fixture.CreateTenantAsync("Browser Outfitters");
        var conversationId = await SeedConversationAsync(tenant.TenantId, tenant.AdminKey, "Where is my parcel?", "dana@example.com");
        var email = MemberClient.NewEmail("dana-agent");
        var token = await MemberClient.InviteAsync(fixture, tenant.AdminKey, email, "agent");

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await context.NewPageAsync();
        var invitation = await page.GotoAsync("/invitation?token=" + Uri.EscapeDataString(token));
        Assert.Equal(ContentSecurityPolicy.Policy, await invitation!.HeaderValueAsync("content-security-policy"));
        await BrowserSession.CheckPageAsync(page, "01-invitation");
        await page.GetByLabel("New password").FillAsync(MemberClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));
        Assert.Equal(tenant.TenantId, await page.GetByLabel("Workspace id").InputValueAsync());
        await BrowserSession.CheckPageAsync(page, "02-sign-in");

        await SignInAsync(page, null, email, null);
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
        await BrowserSession.CheckPageAsync(page, "03-inbox");

        await page.GotoAsync("/account/totp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        var secret = MemberClient.FromBase32(await page.Locator("#totp-secret").InnerTextAsync());
        Assert.StartsWith("otpauth://totp/", await page.Locator("#totp-uri").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("figure.qr svg path").CountAsync());
        await BrowserSession.CheckPageAsync(page, "04-totp-enrolment");
        var step = Totp.StepOf(DateTimeOffset.UtcNow);
        await page.GetByLabel("Current code from the app").FillAsync(MemberClient.CodeAt(secret, step));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Two-step sign-in is on");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));

        // A fresh browser: the conversation's address leads to sign-in, which asks for the code, then back to it.
        await using var laptop = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var second = await laptop.NewPageAsync();
        await second.GotoAsync("/inbox/" + conversationId);
        Assert.Contains("/sign-in?returnUrl=", second.Url, StringComparison.Ordinal);
        await SignInAsync(second, tenant.TenantId, email, null);
        await Assertions.Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("two-step sign-in");
        await BrowserSession.CheckPageAsync(second, "05-sign-in-totp-step");
        await SignInAsync(second, null, email, MemberClient.CodeAt(secret, step + 1));
        await second.WaitForURLAsync(url => url.EndsWith("/inbox/" + conversationId, StringComparison.Ordinal));
        await Assertions.Expect(second.Locator("ol.messages")).ToContainTextAsync("Where is my parcel?");
        await Assertions.Expect(second.Locator("aside")).ToContainTextAsync("dana@example.com");
        await BrowserSession.CheckPageAsync(second, "06-conversation");

        await second.GetByLabel("Reply").FillAsync("It ships tomorrow.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(second.Locator("ol.messages li.out")).ToContainTextAsync("It ships tomorrow.");
        using var api = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        Assert.Contains("It ships tomorrow.", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await second.SetViewportSizeAsync(375, 800);
        await second.GotoAsync("/inbox");
        await BrowserSession.CheckPageAsync(second, "07-inbox-narrow");
        await second.GotoAsync("/inbox/" + conversationId);
        await BrowserSession.CheckPageAsync(second, "08-conversation-narrow");
    }

    [Fact]
    public async Task Another_tenants_session_sees_this_tenants_conversation_page_as_the_same_not_found_as_a_missing_one()
    {
        var a = await fixture.CreateTenantAsync("Browser Isolation A");
        var b = await fixture.CreateTenantAsync("Browser Isolation B");
        var conversationId = await SeedConversationAsync(a.TenantId, a.AdminKey, "A's private question", "alex@example.com");
        var email = MemberClient.NewEmail("bo");
        var token = await MemberClient.InviteAsync(fixture, b.AdminKey, email);
        using (var accept = await fixture.Http.PostAsJsonAsync("/auth/invitations/accept", new { token, password = MemberClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, accept.StatusCode);
        }

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await SignInAsync(page, b.TenantId, email, null);
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
        Assert.DoesNotContain(conversationId, await page.ContentAsync(), StringComparison.Ordinal);

        var foreign = await page.GotoAsync("/inbox/" + conversationId);
        var foreignText = await page.Locator("main").InnerTextAsync();
        var foreignBody = await foreign!.TextAsync();
        await BrowserSession.CheckPageAsync(page, "09-not-found");
        var missing = await page.GotoAsync("/inbox/" + GrainKeys.NewLocalId('v'));
        Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)foreign.Status);
        Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)missing!.Status);
        Assert.Equal(await page.Locator("main").InnerTextAsync(), foreignText);
        Assert.Contains("Not found", foreignText, StringComparison.Ordinal);
        Assert.DoesNotContain("private question", foreignBody, StringComparison.Ordinal);
        Assert.DoesNotContain("alex@example.com", foreignBody, StringComparison.Ordinal);
    }

    private static async Task SignInAsync(IPage page, string? tenantId, string email, string? totp)
    {
        if (tenantId is not null)
        {
            await page.GetByLabel("Workspace id").FillAsync(tenantId);
        }

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(MemberClient.Password);
        if (totp is not null)
        {
            await page.GetByLabel("Code from your authenticator app").FillAsync(totp);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private async Task<string> SeedConversationAsync(string tenantId, string adminKey, string text, string email)
    {
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, adminKey, "generic", secret);
        var body = Webhooks.GenericBody(GrainKeys.NewLocalId('w'), "dana-" + Guid.NewGuid().ToString("N")[..8], text, name: "Dana", email: email);
        using var response = await Webhooks.PostGenericAsync(fixture.Http, tenantId, secret, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetString()!;
    }
}
