using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Client.Web;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// The data subject's privacy page in a real browser (chromium) against the test gateway on real PostgreSQL: the link
/// the merchant sends, its export and deletion, the isolation of one subject from another, and the one refusal.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SubjectPrivacyBrowserTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_data_subjects_link_moves_into_a_cookie_exports_the_json_with_their_message_and_requests_deletion_until_it_is_completed()
    {
        var (tenant, secret) = await ConnectedTenantAsync("Privacy Page Outfitters");
        var message = "Where is my linen shirt? " + Canary("MSG");
        var x = await SeedAsync(tenant, secret, "Xanthe Page", "xanthe.page@example.com", message);
        var (token, url) = await IssueAsync(tenant, x);

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await context.NewPageAsync();
        var first = await page.GotoAsync(new Uri(url).PathAndQuery);

        // The token left the address for an HttpOnly cookie scoped to the page; the clean page answered.
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)first!.Status);
        Assert.EndsWith("/privacy", page.Url, StringComparison.Ordinal);
        Assert.Equal("no-referrer", await first.HeaderValueAsync("referrer-policy"));
        Assert.Equal(ContentSecurityPolicy.Policy, await first.HeaderValueAsync("content-security-policy"));
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == PrivacyLinkCookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(PrivacyLinkCookie.Path, cookie.Path);
        Assert.Equal(token, Uri.UnescapeDataString(cookie.Value));
        await Assertions.Expect(page.Locator("#held")).ToContainTextAsync("1 conversation");
        await Assertions.Expect(page.Locator("#ai-none")).ToBeVisibleAsync();
        await BrowserSession.CheckPageAsync(page, "20-privacy");

        await page.GetByRole(AriaRole.Button, new() { Name = "Request a copy of my data" }).ClickAsync();
        var download = page.GetByRole(AriaRole.Link, new() { Name = "Download your data (JSON)" });
        await UntilAsync(page, async () => await download.CountAsync() == 1);
        await BrowserSession.CheckPageAsync(page, "21-privacy-export-ready");
        var export = await DownloadAsync(page, download);
        Assert.Contains(message, export, StringComparison.Ordinal);
        Assert.Equal(x, Assert.Single(JsonDocument.Parse(export).RootElement.GetProperty("customers").EnumerateArray()).GetProperty("customerRef").GetString());

        await page.GetByLabel("I understand that deleting my data cannot be undone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Request deletion of my data" }).ClickAsync();
        var deletion = page.Locator("#requests tr", new() { HasText = "Deletion of your data" });
        await Assertions.Expect(deletion).ToHaveCountAsync(1);
        await UntilAsync(page, async () => await deletion.Locator(".status").InnerTextAsync() == "Completed");
        await Assertions.Expect(page.Locator("#held-nothing")).ToBeVisibleAsync();
        await BrowserSession.CheckPageAsync(page, "22-privacy-deleted");
        using var customer = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + x, tenant.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, customer.StatusCode);

        await page.SetViewportSizeAsync(375, 800);
        await page.ReloadAsync();
        await BrowserSession.CheckPageAsync(page, "23-privacy-narrow");
    }

    [Fact]
    public async Task A_link_for_one_subject_never_shows_another_subjects_or_another_tenants_values_on_the_page_or_in_its_export()
    {
        var (a, secret) = await ConnectedTenantAsync("Canary Outfitters");
        var (b, bSecret) = await ConnectedTenantAsync("Canary Traders");
        var (xName, xEmail, xMessage) = (Canary("XNAME"), Canary("xmail").ToLowerInvariant() + "@example.com", "Question " + Canary("XMSG"));
        var (yName, yEmail, yMessage) = (Canary("YNAME"), Canary("ymail").ToLowerInvariant() + "@example.com", "Question " + Canary("YMSG"));
        var (zName, zEmail, zMessage) = (Canary("ZNAME"), Canary("zmail").ToLowerInvariant() + "@example.com", "Question " + Canary("ZMSG"));
        var x = await SeedAsync(a, secret, xName, xEmail, xMessage);
        var y = await SeedAsync(a, secret, yName, yEmail, yMessage);
        var z = await SeedAsync(b, bSecret, zName, zEmail, zMessage);
        var foreign = new[] { y, yName, yEmail, yMessage, z, zName, zEmail, zMessage };
        // Y and Z have completed access requests of their own, through their own links.
        var yRequest = await SubjectAccessAsync(await IssueAsync(a, y));
        var zRequest = await SubjectAccessAsync(await IssueAsync(b, z));

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri((await IssueAsync(a, x)).Url).PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Request a copy of my data" }).ClickAsync();
        var download = page.GetByRole(AriaRole.Link, new() { Name = "Download your data (JSON)" });
        await UntilAsync(page, async () => await download.CountAsync() == 1);
        var html = await page.ContentAsync();
        var export = await DownloadAsync(page, download);
        await BrowserSession.CheckPageAsync(page, "24-privacy-subject-x");

        Assert.Contains(xMessage, export, StringComparison.Ordinal);
        Assert.Contains(xEmail, export, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#requests tbody tr").CountAsync());
        Assert.All(foreign, value => Assert.DoesNotContain(value, html, StringComparison.OrdinalIgnoreCase));
        Assert.All(foreign, value => Assert.DoesNotContain(value, export, StringComparison.OrdinalIgnoreCase));

        // X's cookie on Y's and Z's export addresses: the same answer as a request that does not exist.
        var missing = await context.APIRequest.GetAsync(SubjectDownloads.ExportOf(GrainKeys.NewLocalId('p')));
        var missingBody = await missing.TextAsync();
        Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)missing.Status);
        foreach (var other in new[] { yRequest, zRequest })
        {
            var answer = await context.APIRequest.GetAsync(SubjectDownloads.ExportOf(other));
            var body = await answer.TextAsync();
            Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)answer.Status);
            Assert.Equal(missingBody, body);
            Assert.All(foreign, value => Assert.DoesNotContain(value, body, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task An_expired_link_a_forged_link_and_an_unknown_tenants_link_get_the_same_refusal_page_and_status_and_no_cookie()
    {
        var (tenant, secret) = await ConnectedTenantAsync("Refusal Outfitters");
        var name = Canary("REFUSED");
        var x = await SeedAsync(tenant, secret, name, "refused.page@example.com", "Hello " + Canary("RMSG"));
        var (token, _) = await IssueAsync(tenant, x);
        var parts = token.Split('.');
        var keyring = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<TenantKeyring>();
        var expired = PrivacyLinkTokens.Sign(await PrivacyLinkTokens.KeyAsync(keyring, tenant.TenantId), tenant.TenantId, parts[2], x, DateTimeOffset.UtcNow.AddMinutes(-1));
        var bad = new Dictionary<string, string>
        {
            ["expired"] = expired,
            ["forged"] = string.Join('.', parts[0], parts[1], parts[2], parts[3], parts[4], new string('A', parts[5].Length)),
            ["unknown tenant"] = string.Join('.', parts[0], GrainKeys.NewTenantId(), parts[2], parts[3], parts[4], parts[5]),
        };

        string? refusal = null;
        foreach (var (what, link) in bad)
        {
            await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync("/privacy?token=" + Uri.EscapeDataString(link));
            var text = await page.Locator("main").InnerTextAsync();
            Assert.True((HttpStatusCode)response!.Status == HttpStatusCode.Unauthorized, $"{what}: {response.Status}");
            Assert.Equal(refusal ??= text, text);
            Assert.Equal("no-referrer", await response.HeaderValueAsync("referrer-policy"));
            Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == PrivacyLinkCookie.Name);
            Assert.DoesNotContain(name, await page.ContentAsync(), StringComparison.Ordinal);
            if (what == "expired")
            {
                await BrowserSession.CheckPageAsync(page, "25-privacy-refused");
            }

            // The same link carried by the page's cookie instead: the same refusal.
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = PrivacyLinkCookie.Name, Value = link, Domain = fixture.Http.BaseAddress!.Host, Path = PrivacyLinkCookie.Path, HttpOnly = true }]);
            var viaCookie = await page.GotoAsync("/privacy");
            Assert.True((HttpStatusCode)viaCookie!.Status == HttpStatusCode.Unauthorized, $"{what} in the cookie: {viaCookie.Status}");
            Assert.Equal(refusal, await page.Locator("main").InnerTextAsync());
        }

        Assert.Contains("This link does not work", refusal, StringComparison.Ordinal);
        // The good link, in the same way, is not refused.
        await using var good = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var goodPage = await good.NewPageAsync();
        var answer = await goodPage.GotoAsync("/privacy?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)answer!.Status);
        Assert.NotEqual(refusal, await goodPage.Locator("main").InnerTextAsync());
    }

    private static string Canary(string what) => $"CANARY{what}{Guid.NewGuid():N}"[..(what.Length + 18)];

    /// <summary>Reloads the page until <paramref name="ready"/> (the page follows a request's status by being reloaded).</summary>
    private static async Task UntilAsync(IPage page, Func<Task<bool>> ready)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await ready())
        {
            Assert.True(DateTime.UtcNow < deadline, "The page never showed the awaited state:\n" + await page.Locator("main").InnerTextAsync());
            await Task.Delay(250);
            await page.GotoAsync("/privacy");
        }
    }

    private static async Task<string> DownloadAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith(".json", download.SuggestedFilename, StringComparison.Ordinal);
        return await File.ReadAllTextAsync((await download.PathAsync())!);
    }

    private async Task<(TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync(string name)
    {
        var tenant = await fixture.CreateTenantAsync(name);
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        return (tenant, secret);
    }

    /// <summary>One customer with one conversation holding <paramref name="text"/> and contact details; its customer ref.</summary>
    private async Task<string> SeedAsync(TenantCreatedResponse tenant, string secret, string name, string email, string text)
    {
        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody(GrainKeys.NewLocalId('w'), "crm-" + Guid.NewGuid().ToString("N")[..10], text, name: name, email: email));
        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString()!;
        using var conversation = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        return (await Webhooks.JsonAsync(conversation)).GetProperty("customerRef").GetString()!;
    }

    private async Task<(string Token, string Url)> IssueAsync(TenantCreatedResponse tenant, string customerRef)
    {
        using var issued = await fixture.SendAsync(HttpMethod.Post, $"/v1/customers/{customerRef}/privacy-token", tenant.AdminKey);
        var body = await Webhooks.JsonAsync(issued);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (body.GetProperty("token").GetString()!, body.GetProperty("url").GetString()!);
    }

    /// <summary>An access request the subject starts through their own link (the JSON route), waited for; its id.</summary>
    private async Task<string> SubjectAccessAsync((string Token, string Url) link)
    {
        using var started = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", link.Token, new { kind = "access" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var requestId = (await Webhooks.JsonAsync(started)).GetProperty("requestId").GetString()!;
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var poll = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self/requests/" + requestId, link.Token);
            if ((await Webhooks.JsonAsync(poll)).GetProperty("status").GetString() == "completed")
            {
                return requestId;
            }

            Assert.True(DateTime.UtcNow < deadline, "The access request never completed.");
            await Task.Delay(200);
        }
    }
}
