using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Privacy;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// The Customers and Privacy Settings pages in a real browser (chromium) against the test gateway on real PostgreSQL:
/// export, legal hold, erasure and its signed receipt, settings, the account export and deletion, and who may not.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivacyPagesBrowserTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_merchant_finds_a_subject_exports_it_holds_it_erases_it_and_the_signed_receipt_downloads_and_verifies()
    {
        var tenant = await fixture.CreateTenantAsync("Privacy Pages Outfitters");
        var email = "jamie." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var planted = "Jamie planted question " + Guid.NewGuid().ToString("N")[..8];
        await PrivacyPageSteps.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, planted, email);
        var page = await PrivacyPageSteps.SignedInPageAsync(fixture, _browser, tenant.TenantId, tenant.AdminKey, "admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/customers", StringComparison.Ordinal));
        await page.GetByLabel("Find by").SelectOptionAsync("email");
        await page.GetByLabel("Value").FillAsync(email.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Records found: 1" })).ToBeVisibleAsync();
        Assert.DoesNotContain(email, page.Url, StringComparison.OrdinalIgnoreCase);
        await BrowserSession.CheckPageAsync(page, "20-customers-found");
        await page.Locator("#subjects tbody a").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/customers/", StringComparison.Ordinal));
        var customerPath = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(email);
        await BrowserSession.CheckPageAsync(page, "21-customer");

        // Access: the request completes and its export downloads, holding the seeded message.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start an access request" }).ClickAsync();
        var accessId = await StartedRequestAsync(page);
        var access = await CompletedAsync(page, accessId, "completed");
        await BrowserSession.CheckPageAsync(access, "22-privacy-request-access");
        var export = await DownloadAsync(access, "Export of request " + accessId + " (JSON)");
        Assert.Contains(planted, export, StringComparison.Ordinal);
        Assert.Contains(planted, JsonDocument.Parse(export).RootElement.GetRawText(), StringComparison.Ordinal);

        // A legal hold refuses the erasure with its reason; lifted, the next erasure goes through.
        await page.GotoAsync(customerPath);
        await page.GetByLabel("Reason (kept in the audit log)").FillAsync("Disputed chargeback");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place a legal hold" }).ClickAsync();
        await Assertions.Expect(page.Locator("#legal-hold")).ToContainTextAsync("On hold");
        await EraseAsync(page);
        var held = await CompletedAsync(page, await StartedRequestAsync(page), "rejected");
        await Assertions.Expect(held.Locator("#request-facts")).ToContainTextAsync("legal hold", new() { IgnoreCase = true });
        await page.GotoAsync(customerPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lift the legal hold" }).ClickAsync();
        await Assertions.Expect(page.Locator("#legal-hold")).ToHaveTextAsync("None");
        await EraseAsync(page);
        var erasureId = await StartedRequestAsync(page);
        var erased = await CompletedAsync(page, erasureId, "completed");

        // The signed receipt downloads as the API's {receipt, signature, keyId} and verifies with the published key.
        var downloaded = await DownloadAsync(erased, "Signed receipt of request " + erasureId + " (JSON)");
        using (var api = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{erasureId}/receipt", tenant.AdminKey))
        {
            Assert.Equal(await api.Content.ReadAsStringAsync(), downloaded);
        }

        var signed = JsonDocument.Parse(downloaded).RootElement;
        var text = signed.GetProperty("receipt").GetString()!;
        Assert.Equal(erasureId, JsonDocument.Parse(text).RootElement.GetProperty("requestId").GetString());
        using var key = await fixture.Http.GetAsync($"/.well-known/omniops-receipt-keys/{signed.GetProperty("keyId").GetString()}.pem");
        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        var pem = await key.Content.ReadAsStringAsync();
        var bytes = Encoding.UTF8.GetBytes(text);
        var signature = Convert.FromBase64String(signed.GetProperty("signature").GetString()!);
        Assert.True(PrivacyChecks.OpensslVerifies(bytes, signature, pem));
        bytes[bytes.Length / 2] ^= 0x01;
        Assert.False(PrivacyChecks.OpensslVerifies(bytes, signature, pem));

        // The record is gone: its page is "not found" and the search finds nothing.
        var gone = await page.GotoAsync(customerPath);
        Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)gone!.Status);
        await page.GotoAsync("/customers");
        await page.GetByLabel("Value").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Records found: 0" })).ToBeVisibleAsync();

        // The queue lists the three requests with their downloads; narrow screens too.
        await page.GotoAsync("/privacy-settings");
        await Assertions.Expect(page.Locator("#privacy-queue tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Signed receipt of request " + erasureId + " (JSON)" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(375, 800);
        await BrowserSession.CheckPageAsync(page, "23-privacy-settings-queue-narrow");
        await page.GotoAsync("/privacy-settings/requests/" + erasureId);
        await BrowserSession.CheckPageAsync(page, "24-privacy-request-narrow");
        await page.GotoAsync("/customers");
        await BrowserSession.CheckPageAsync(page, "25-customers-narrow");
    }

    [Fact]
    public async Task A_merchant_rectifies_a_subjects_e_mail_on_the_customer_page_and_the_search_finds_the_new_address_only()
    {
        var tenant = await fixture.CreateTenantAsync("Privacy Pages Rectification");
        var old = "old." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var corrected = "new." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var customerRef = await PrivacyPageSteps.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, "Please fix my address", old);
        var page = await PrivacyPageSteps.SignedInPageAsync(fixture, _browser, tenant.TenantId, tenant.AdminKey, "admin");

        await page.GotoAsync("/customers/" + customerRef);
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(corrected);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a rectification" }).ClickAsync();
        var requestId = await StartedRequestAsync(page);
        await CompletedAsync(page, requestId, "completed");
        await page.GotoAsync("/customers/" + customerRef);
        await Assertions.Expect(page.Locator("main dl")).ToContainTextAsync(corrected);
        Assert.DoesNotContain(old, await page.ContentAsync(), StringComparison.Ordinal);

        foreach (var (address, found) in new[] { (corrected, 1), (old, 0) })
        {
            await page.GotoAsync("/customers");
            await page.GetByLabel("Value").FillAsync(address);
            await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Records found: " + found })).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task The_privacy_settings_page_keeps_AI_off_by_default_saves_retention_and_AI_settings_as_the_API_reads_them_and_downloads_the_account()
    {
        var tenant = await fixture.CreateTenantAsync("Privacy Pages Settings");
        var planted = "Account export planted " + Guid.NewGuid().ToString("N")[..8];
        await PrivacyPageSteps.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, planted, "sam." + Guid.NewGuid().ToString("N")[..8] + "@example.com");
        var page = await PrivacyPageSteps.SignedInPageAsync(fixture, _browser, tenant.TenantId, tenant.AdminKey, "admin");
        await page.GotoAsync("/privacy-settings");
        await Assertions.Expect(page.GetByLabel("Use AI to draft replies")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Allow conversations to be used to improve the AI (training opt-in)")).Not.ToBeCheckedAsync();

        // Keyboard only: tab into the field, type, submit with Enter.
        await page.GetByLabel("Conversations and messages (days)").FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("90");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Retention saved.");
        await page.GetByLabel("Use AI to draft replies").CheckAsync();
        await page.GetByLabel("Allowed processing regions").FillAsync("eu, us-east");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("AI settings saved.");
        await Assertions.Expect(page.GetByLabel("Use AI to draft replies")).ToBeCheckedAsync();

        using (var api = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey))
        {
            var settings = (await Webhooks.JsonAsync(api)).GetProperty("settings");
            Assert.Equal("P90D", settings.GetProperty("retention").GetProperty("conversations").GetString());
            Assert.True(settings.GetProperty("ai").GetProperty("enabled").GetBoolean());
            Assert.False(settings.GetProperty("ai").GetProperty("autoSend").GetBoolean());
            Assert.False(settings.GetProperty("ai").GetProperty("trainingOptIn").GetBoolean());
            Assert.Equal(new[] { "eu", "us-east" }, settings.GetProperty("ai").GetProperty("allowedRegions").EnumerateArray().Select(r => r.GetString()!).ToArray());
        }

        // A rule the grain enforces (auto-send needs AI on) is refused on the page, nothing changed.
        await page.GetByLabel("Use AI to draft replies").UncheckAsync();
        await page.GetByLabel("Send AI replies without a person's review (needs AI on)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not saved");

        var account = await DownloadAsync(page, "Download the account export (JSON)");
        var document = JsonDocument.Parse(account).RootElement;
        Assert.Equal(tenant.TenantId, document.GetProperty("tenant").GetProperty("id").GetString());
        Assert.Contains(planted, account, StringComparison.Ordinal);
        await BrowserSession.CheckPageAsync(page, "29-privacy-settings-saved");
    }

    [Fact]
    public async Task An_agent_gets_the_same_refusal_as_the_API_on_the_privacy_pages_and_their_forms_and_nothing_changes()
    {
        var tenant = await fixture.CreateTenantAsync("Privacy Pages Agent");
        var customerRef = await PrivacyPageSteps.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, "Agent may not see this", "kim." + Guid.NewGuid().ToString("N")[..8] + "@example.com");
        var page = await PrivacyPageSteps.SignedInPageAsync(fixture, _browser, tenant.TenantId, tenant.AdminKey, "agent");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Privacy settings" })).ToHaveCountAsync(0);

        // The API's answer to this session on the admin-only routes the pages stand for.
        var apiRefusal = await page.Context.APIRequest.GetAsync("/v1/tenant/export");
        Assert.Equal(403, apiRefusal.Status);
        var problem = JsonDocument.Parse(await apiRefusal.TextAsync()).RootElement;
        Assert.Equal(Forbidden.Title, problem.GetProperty("title").GetString());
        Assert.Equal(Forbidden.Detail, problem.GetProperty("detail").GetString());

        foreach (var path in new[] { "/privacy-settings", "/customers", "/customers/" + customerRef, "/privacy-settings/requests/" + GrainKeys.NewLocalId('p') })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)response!.Status);
            var main = await page.Locator("main").InnerTextAsync();
            Assert.Contains(problem.GetProperty("title").GetString()!, main, StringComparison.Ordinal);
            Assert.Contains(problem.GetProperty("detail").GetString()!, main, StringComparison.Ordinal);
            Assert.DoesNotContain("Agent may not see this", await page.ContentAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("main input:not([type=hidden]), main button, main select, main textarea").CountAsync());
        }

        await BrowserSession.CheckPageAsync(page, "30-refused-agent");
        foreach (var path in new[] { "/v1/subjects?email=kim@example.com", "/v1/privacy/requests" })
        {
            Assert.Equal(403, (await page.Context.APIRequest.GetAsync(path)).Status);
        }

        // The forms posted anyway (with a valid antiforgery token of this session): refused, nothing scheduled or held.
        await page.GotoAsync("/inbox");
        var token = await page.Locator("form.sign-out input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var delete = await page.Context.APIRequest.PostAsync("/privacy-settings", new()
        {
            Form = Form(page.Context.APIRequest, ("_handler", "delete-account"), ("__RequestVerificationToken", token!), ("Deletion.Confirm", tenant.TenantId)),
        });
        Assert.Equal(403, delete.Status);
        var hold = await page.Context.APIRequest.PostAsync("/customers/" + customerRef, new()
        {
            Form = Form(page.Context.APIRequest, ("_handler", "place-hold"), ("__RequestVerificationToken", token!), ("Hold.Reason", "agent")),
        });
        Assert.Equal(403, hold.Status);
        using (var none = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + TenantErasureRequest.IdOf(tenant.TenantId), tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        using (var subjects = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests", tenant.AdminKey))
        {
            Assert.Equal(0, (await Webhooks.JsonAsync(subjects)).GetArrayLength());
        }

        // Each refusal is the API's audit event, with the page's route.
        await fixture.DrainRejectionAuditAsync();
        using var audit = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var denied = (await Webhooks.JsonAsync(audit)).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("operation").GetString() == "http.denied").Select(e => e.GetRawText()).ToList();
        Assert.Contains(denied, e => e.Contains("\"/privacy-settings\"", StringComparison.Ordinal));
        Assert.Contains(denied, e => e.Contains("\"/customers\"", StringComparison.Ordinal));
        Assert.Contains(denied, e => e.Contains("\"/v1/tenant/export\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_tenants_session_sees_this_tenants_request_receipt_export_and_customer_addresses_as_the_same_not_found_as_missing_ones()
    {
        var a = await fixture.CreateTenantAsync("Privacy Pages Isolation A");
        var b = await fixture.CreateTenantAsync("Privacy Pages Isolation B");
        var email = "alex." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var customerRef = await PrivacyPageSteps.SeedConversationAsync(fixture, a.TenantId, a.AdminKey, "A's private privacy question", email);
        var accessId = await PrivacyChecks.StartAsync(fixture, a.AdminKey, new { kind = "access", customerRef });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, a.AdminKey, accessId)).GetProperty("status").GetString());
        var erasureId = await PrivacyChecks.StartAsync(fixture, a.AdminKey, new { kind = "erasure", customerRef });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, a.AdminKey, erasureId)).GetProperty("status").GetString());
        var keptRef = await PrivacyPageSteps.SeedConversationAsync(fixture, a.TenantId, a.AdminKey, "A's kept question", email);

        var page = await PrivacyPageSteps.SignedInPageAsync(fixture, _browser, b.TenantId, b.AdminKey, "admin");
        var missingRequest = GrainKeys.NewLocalId('p');
        foreach (var (foreign, missing) in new[]
        {
            ("/privacy-settings/requests/" + erasureId, "/privacy-settings/requests/" + missingRequest),
            ("/privacy-settings/requests/" + accessId, "/privacy-settings/requests/" + missingRequest),
            ("/customers/" + keptRef, "/customers/" + GrainKeys.NewLocalId('c')),
        })
        {
            var theirs = await page.GotoAsync(foreign);
            var theirsText = await page.Locator("main").InnerTextAsync();
            var theirsBody = await theirs!.TextAsync();
            var none = await page.GotoAsync(missing);
            Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)theirs.Status);
            Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)none!.Status);
            Assert.Equal(await page.Locator("main").InnerTextAsync(), theirsText);
            Assert.Contains("Not found", theirsText, StringComparison.Ordinal);
            Assert.DoesNotContain("private", theirsBody, StringComparison.Ordinal);
            Assert.DoesNotContain(email, theirsBody, StringComparison.Ordinal);
        }

        await BrowserSession.CheckPageAsync(page, "31-privacy-request-not-found");
        foreach (var (foreign, missing) in new[]
        {
            ($"/v1/privacy/requests/{erasureId}/receipt", $"/v1/privacy/requests/{missingRequest}/receipt"),
            ($"/v1/privacy/requests/{accessId}/export", $"/v1/privacy/requests/{missingRequest}/export"),
        })
        {
            var theirs = await page.Context.APIRequest.GetAsync(foreign);
            var none = await page.Context.APIRequest.GetAsync(missing);
            Assert.Equal(404, theirs.Status);
            Assert.Equal(404, none.Status);
            Assert.Equal(await none.TextAsync(), await theirs.TextAsync());
        }

        await page.GotoAsync("/customers");
        await page.GetByLabel("Value").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Records found: 0" })).ToBeVisibleAsync();
        await page.GotoAsync("/privacy-settings");
        Assert.DoesNotContain(erasureId, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(accessId, await page.ContentAsync(), StringComparison.Ordinal);
    }

    private static IFormData Form(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private static async Task EraseAsync(IPage page)
    {
        await page.GetByLabel("I understand that erasure removes").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase this customer" }).ClickAsync();
    }

    /// <summary>The id of the request the customer page just started (its notice links to it).</summary>
    private static async Task<string> StartedRequestAsync(IPage page)
    {
        var link = page.Locator("#request-started a");
        await Assertions.Expect(link).ToBeVisibleAsync();
        return (await link.InnerTextAsync()).Trim();
    }

    /// <summary>Reloads the request's page until it shows <paramref name="status"/> (a generous deadline, polled).</summary>
    private async Task<IPage> CompletedAsync(IPage page, string requestId, string status)
    {
        var request = await page.Context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await request.GotoAsync("/privacy-settings/requests/" + requestId);
            Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)response!.Status);
            var shown = (await request.Locator("#request-status").InnerTextAsync()).Trim();
            if (shown.StartsWith(status, StringComparison.Ordinal))
            {
                return request;
            }

            Assert.True(clock.Elapsed < Patience, $"request {requestId} still {shown}");
            await Task.Delay(250);
        }
    }

    private static async Task<string> DownloadAsync(IPage page, string linkName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true }).ClickAsync());
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllTextAsync((await download.PathAsync())!);
    }
}
