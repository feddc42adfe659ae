using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Omniops.Actors.Client.Web;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// The dashboard's operations pages (integrations, audit log, data map, team, store overview) in a real browser
/// (chromium) against the test gateway on real PostgreSQL.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperationsPagesBrowserTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly string[] AdminOnlyPages = ["/integrations", "/integrations/generic", "/audit", AuditCheckpointDownload.Path, "/data-map", "/team"];

    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Each_operations_page_renders_for_an_admin_wide_and_narrow_with_no_serious_axe_violation()
    {
        var tenant = await fixture.CreateTenantAsync("Ops Outfitters");
        var (conversationId, _) = await OperationsSeed.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, "Do you ship to Norway?", "sam@example.com");
        await OperationsSeed.ReplyAsync(fixture, tenant.AdminKey, conversationId, "Yes, in three days.");
        var email = MemberClient.NewEmail("ops-admin");
        await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, email, "admin");
        var agentId = await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, MemberClient.NewEmail("ops-agent"), "agent");

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await OperationsSeed.SignInAsync(context, tenant.TenantId, email);
        foreach (var link in new[] { "Store overview", "Integrations", "Audit log", "Data map", "Team" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" }).GetByRole(AriaRole.Link, new() { Name = link })).ToBeVisibleAsync();
        }

        // Integrations: connect, the detail page, rotate.
        await page.GotoAsync("/integrations");
        await Assertions.Expect(page.Locator("table.list")).ToContainTextAsync("generic");
        await BrowserSession.CheckPageAsync(page, "20-integrations");
        await page.GetByLabel("Integration", new() { Exact = true }).FillAsync("crm");
        await page.GetByLabel("Secret", new() { Exact = true }).FillAsync("crm-secret-" + Guid.NewGuid().ToString("N"));
        await page.GetByLabel("Hosts outbound calls may go to (one per line)").FillAsync("crm.example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Connected");
        await page.GetByRole(AriaRole.Link, new() { Name = "crm" }).ClickAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("crm.example.com");
        await BrowserSession.CheckPageAsync(page, "21-integration");
        await page.GetByLabel("New secret").FillAsync("crm-secret-" + Guid.NewGuid().ToString("N"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rotated");

        // Audit log: newest first, verification, the signed checkpoint as a download that verifies.
        await page.GotoAsync("/audit");
        var sequences = await page.Locator("table.audit tbody tr td:first-child").AllInnerTextsAsync();
        Assert.True(sequences.Count > 3);
        Assert.Equal(sequences.Select(long.Parse).OrderByDescending(s => s), sequences.Select(long.Parse));
        await Assertions.Expect(page.Locator("table.audit")).ToContainTextAsync("credential.rotate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verify-status")).ToContainTextAsync("The chain verifies");
        await BrowserSession.CheckPageAsync(page, "22-audit");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the latest signed checkpoint (JSON)" }).ClickAsync());
        var checkpoint = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)).RootElement;
        Assert.Equal(tenant.TenantId, checkpoint.GetProperty("tenantId").GetString());
        using (var key = ECDsa.Create())
        {
            key.ImportFromPem(checkpoint.GetProperty("publicKey").GetString());
            Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(checkpoint.GetProperty("signedText").GetString()!),
                Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        // Data map.
        await page.GotoAsync("/data-map");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("crm");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Retention");
        await BrowserSession.CheckPageAsync(page, "23-data-map");

        // Team: invitation link, an API key shown once, a member's and a key's page.
        await page.GotoAsync("/team");
        await page.GetByLabel("E-mail").FillAsync(MemberClient.NewEmail("invitee"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invitation link" }).ClickAsync();
        Assert.StartsWith(fixture.Http.BaseAddress + "invitation?token=", await page.Locator("#invitation-link").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Name").FillAsync("Warehouse sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        Assert.StartsWith("omk.", await page.Locator("#new-api-key").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserSession.CheckPageAsync(page, "24-team");
        await page.GetByRole(AriaRole.Link, new() { Name = "Warehouse sync" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Warehouse sync");
        await BrowserSession.CheckPageAsync(page, "25-team-key");
        await page.GotoAsync("/team/members/" + agentId);
        await BrowserSession.CheckPageAsync(page, "26-team-member");

        // Store overview: counts and response times from the conversation above.
        await page.GotoAsync("/overview");
        await Assertions.Expect(page.Locator("#total-customer")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#total-agent")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#answered")).ToHaveTextAsync("1");
        Assert.DoesNotContain("sam@example.com", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Norway", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserSession.CheckPageAsync(page, "27-overview");

        await page.SetViewportSizeAsync(375, 800);
        foreach (var (path, name) in new[] { ("/integrations", "integrations"), ("/integrations/crm", "integration"), ("/audit", "audit"), ("/data-map", "data-map"),
                     ("/team", "team"), ("/team/members/" + agentId, "team-member"), ("/overview", "overview") })
        {
            await page.GotoAsync(path);
            await BrowserSession.CheckPageAsync(page, "28-" + name + "-narrow");
        }

        // Keyboard: the skip link first, then the navigation reaches the new pages.
        await page.GotoAsync("/overview");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
    }

    [Fact]
    public async Task An_agent_gets_the_APIs_refusal_on_every_admin_only_page_and_the_same_denied_event_while_the_overview_renders()
    {
        var tenant = await fixture.CreateTenantAsync("Ops Agent Refusal");
        await OperationsSeed.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, "Hello", "kim@example.com");
        using var agent = new MemberClient(fixture);
        var agentId = await agent.JoinAsync(tenant.TenantId, tenant.AdminKey, MemberClient.NewEmail("agent"), "agent");

        foreach (var path in AdminOnlyPages.Append("/team/members/" + agentId))
        {
            using var response = await agent.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {response.StatusCode} {response.RequestMessage?.RequestUri}");
            Assert.Contains(DashboardRefusal.Message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(ContentSecurityPolicy.Policy, response.Headers.GetValues("Content-Security-Policy").Single());
        }

        foreach (var api in new[] { "/v1/credentials", "/v1/audit", "/v1/tenant/data-map", "/v1/members", "/v1/api-keys" })
        {
            using var response = await agent.GetAsync(api);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var overview = await agent.GetAsync("/overview"))
        {
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
            var html = await overview.Content.ReadAsStringAsync();
            Assert.Contains("Store overview", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/integrations\"", html, StringComparison.Ordinal);
        }

        // The same http.denied event for a page as for its API route: the caller, the route, the outcome.
        await fixture.DrainRejectionAuditAsync();
        using var trail = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var denied = (await trail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("operation").GetString() == "http.denied").ToList();
        Assert.All(denied, e => Assert.Equal(agentId, e.GetProperty("resource").GetString()));
        Assert.All(denied, e => Assert.Equal("denied", e.GetProperty("outcome").GetString()));
        var routes = denied.Select(e => e.GetProperty("details").ToString()).ToList();
        Assert.Contains(routes, d => d.Contains("/integrations", StringComparison.Ordinal) && !d.Contains("/v1/", StringComparison.Ordinal));
        Assert.Contains(routes, d => d.Contains("/v1/credentials", StringComparison.Ordinal));

        // Without a session, the pages still lead to sign-in.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Http.BaseAddress };
        using var redirect = await anonymous.GetAsync("/team");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fteam", redirect.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_connected_or_rotated_secret_and_a_created_API_keys_hash_never_appear_in_any_later_page()
    {
        var tenant = await fixture.CreateTenantAsync("Ops Secrets");
        await OperationsSeed.SeedConversationAsync(fixture, tenant.TenantId, tenant.AdminKey, "Hi", "lee@example.com");
        var email = MemberClient.NewEmail("secret-admin");
        await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, email, "admin");
        var connected = "connected-canary-" + Guid.NewGuid().ToString("N");
        var rotated = "rotated-canary-" + Guid.NewGuid().ToString("N");

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await OperationsSeed.SignInAsync(context, tenant.TenantId, email);
        var seen = new List<(string Where, string Html)>();
        await page.GotoAsync("/integrations");
        await page.GetByLabel("Integration", new() { Exact = true }).FillAsync("erp");
        await page.GetByLabel("Secret", new() { Exact = true }).FillAsync(connected);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Connected");
        seen.Add(("after connecting", await page.ContentAsync()));
        await page.GotoAsync("/integrations/erp");
        await page.GetByLabel("New secret").FillAsync(rotated);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rotated");
        seen.Add(("after rotating", await page.ContentAsync()));
        // A refused connection (the name is taken) answers the form without the secret in it either.
        await page.GotoAsync("/integrations");
        await page.GetByLabel("Integration", new() { Exact = true }).FillAsync("erp");
        await page.GetByLabel("Secret", new() { Exact = true }).FillAsync(connected);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("connected already");
        seen.Add(("after a refused connection", await page.ContentAsync()));

        await page.GotoAsync("/team");
        await page.GetByLabel("Name").FillAsync("Canary key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = await page.Locator("#new-api-key").InnerTextAsync();
        var keyId = key.Split('.')[2];
        Assert.Contains(key, await page.ContentAsync(), StringComparison.Ordinal);
        using (var works = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", key))
        {
            Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        }

        foreach (var path in new[] { "/team", "/team/keys/" + keyId, "/integrations", "/integrations/erp", "/audit", "/data-map", "/overview", "/inbox" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)response!.Status);
            seen.Add((path, await page.ContentAsync()));
            seen.Add((path + " (as served)", await response.TextAsync()));
        }

        var canaries = new[] { connected, rotated, key, key.Split('.')[3] }.Concat(OperationsSeed.HashForms(key)).ToList();
        foreach (var (where, html) in seen)
        {
            foreach (var canary in canaries)
            {
                Assert.False(html.Contains(canary, StringComparison.Ordinal), $"{where} holds a secret or hash ({canary[..8]}…)");
            }

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Revoking_a_members_sessions_or_removing_them_on_the_team_page_signs_that_browser_out_on_its_next_request()
    {
        var tenant = await fixture.CreateTenantAsync("Ops Revocation");
        var adminEmail = MemberClient.NewEmail("rev-admin");
        await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, adminEmail, "admin");
        var revokedEmail = MemberClient.NewEmail("rev-agent");
        var revokedId = await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, revokedEmail, "agent");
        var removedEmail = MemberClient.NewEmail("rm-agent");
        var removedId = await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, removedEmail, "agent");

        await using var adminContext = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var admin = await OperationsSeed.SignInAsync(adminContext, tenant.TenantId, adminEmail);
        await using var revokedContext = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var revoked = await OperationsSeed.SignInAsync(revokedContext, tenant.TenantId, revokedEmail);
        await using var removedContext = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var removed = await OperationsSeed.SignInAsync(removedContext, tenant.TenantId, removedEmail);

        // Each agent's session is freshly confirmed (and so cached by the gateway) just before the admin acts.
        await admin.GotoAsync("/team/members/" + revokedId);
        await revoked.GotoAsync("/inbox");
        await admin.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Every session of this member has ended");
        await revoked.GotoAsync("/inbox");
        Assert.Contains("/sign-in", revoked.Url, StringComparison.Ordinal);

        await admin.GotoAsync("/team/members/" + removedId);
        await removed.GotoAsync("/inbox");
        await admin.GetByLabel("Remove " + removedEmail.ToLowerInvariant() + " from this workspace and sign them out.").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Remove member" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The member was removed");
        await removed.GotoAsync("/inbox");
        Assert.Contains("/sign-in", removed.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(removedEmail.ToLowerInvariant(), await admin.Locator("table.list").First.InnerTextAsync(), StringComparison.Ordinal);

        using var trail = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var operations = (await trail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray()
            .Select(e => (Operation: e.GetProperty("operation").GetString(), Resource: e.GetProperty("resource").GetString())).ToList();
        Assert.Contains(("member.sessions.revoke", revokedId), operations);
        Assert.Contains(("member.remove", removedId), operations);
    }

    [Fact]
    public async Task Another_tenants_session_sees_this_tenants_integration_member_and_key_pages_as_the_same_not_found_as_missing_ones()
    {
        var a = await fixture.CreateTenantAsync("Ops Isolation A");
        var b = await fixture.CreateTenantAsync("Ops Isolation B");
        var aMemberEmail = MemberClient.NewEmail("a-admin");
        var aMember = await OperationsSeed.AddMemberAsync(fixture, a.AdminKey, aMemberEmail, "admin");
        using (var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/a-only-crm", a.AdminKey, new { secret = "a-secret-" + Guid.NewGuid().ToString("N") }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var created = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", a.AdminKey, new { role = "agent", name = "A's sync key" });
        var aKeyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetString()!;
        var bEmail = MemberClient.NewEmail("b-admin");
        await OperationsSeed.AddMemberAsync(fixture, b.AdminKey, bEmail, "admin");

        await using var context = await _browser.NewContextAsync(fixture.Http.BaseAddress!);
        var page = await OperationsSeed.SignInAsync(context, b.TenantId, bEmail);
        var missing = await page.GotoAsync("/team/members/" + GrainKeys.NewLocalId('m'));
        Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)missing!.Status);
        var notFound = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Not found", notFound, StringComparison.Ordinal);
        foreach (var path in new[] { "/integrations/a-only-crm", "/team/members/" + aMember, "/team/keys/" + aKeyId })
        {
            var foreign = await page.GotoAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, (HttpStatusCode)foreign!.Status);
            Assert.Equal(notFound, await page.Locator("main").InnerTextAsync());
            var body = await foreign.TextAsync();
            Assert.DoesNotContain(aMemberEmail.ToLowerInvariant(), body, StringComparison.Ordinal);
            Assert.DoesNotContain("A's sync key", body, StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/team", "/integrations", "/audit", "/data-map", "/overview" })
        {
            await page.GotoAsync(path);
            var html = await page.ContentAsync();
            Assert.DoesNotContain(aMember, html, StringComparison.Ordinal);
            Assert.DoesNotContain("a-only-crm", html, StringComparison.Ordinal);
            Assert.DoesNotContain(aKeyId, html, StringComparison.Ordinal);
        }
    }
}
