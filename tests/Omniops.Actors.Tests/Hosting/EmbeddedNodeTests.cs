using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Hosting;

/// <summary>The one-command default: the silo executable with no configuration at all is a working node.</summary>
public sealed partial class EmbeddedNodeTests
{
    [Fact]
    public async Task TheSiloWithoutConfigurationStartsAWorkingNodeWithAnOperatorOnlyDashboard()
    {
        var dashboard = PostgresServer.FreePort();
        await using var started = await StartEmbeddedNodeAsync(dashboard);
        var (node, gateway) = (started.Process, started.Url);
        var operatorKey = OperatorKeyLine().Match(node.Output).Groups[1].Value;
        using var client = new HttpClient { BaseAddress = gateway };

        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name = "Embedded Shop" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var created = await client.SendAsync(create);
        var tenant = await created.Content.ReadFromJsonAsync<TenantCreatedResponse>();
        using var anonymousDashboard = await client.GetAsync(new Uri($"http://127.0.0.1:{dashboard}/"));
        using var dashboardPage = await client.SendAsync(Operator(new Uri($"http://127.0.0.1:{dashboard}/"), operatorKey));
        using var dashboardOnGatewayPort = await client.GetAsync("/");
        // The Host header names the dashboard's listener, but the connection arrived on the gateway's: still no dashboard.
        using var spoofedHost = Operator(new Uri(gateway, "/"), operatorKey);
        spoofedHost.Headers.Host = $"127.0.0.1:{dashboard}";
        using var dashboardByHostHeader = await client.SendAsync(spoofedHost);
        using var apiOnDashboardPort = await client.SendAsync(Bearer(HttpMethod.Get, $"http://127.0.0.1:{dashboard}/v1/tenant", tenant!.AdminKey, null));
        using var grainState = await client.SendAsync(Operator(new Uri($"http://127.0.0.1:{dashboard}/GrainState?grainId={tenant.TenantId}&grainType=Omniops.Actors.Grains.Tenants.TenantGrain"), operatorKey));
        using var trace = await client.SendAsync(Operator(new Uri($"http://127.0.0.1:{dashboard}/Trace"), operatorKey));
        using var openApi = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var describedPaths = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync()).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.False(string.IsNullOrEmpty(operatorKey), node.Output);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("t", tenant.TenantId, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboardPage.StatusCode);
        Assert.Contains("<html", await dashboardPage.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, dashboardOnGatewayPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, dashboardByHostHeader.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnDashboardPort.StatusCode);
        Assert.DoesNotContain(tenant.AdminKey, node.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, grainState.StatusCode);
        Assert.DoesNotContain("Embedded Shop", await grainState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.AdminKeyId, await grainState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
        // The gateway's API description leaves out the dashboard, which the same application serves on its own port.
        Assert.Contains("/v1/tenants", describedPaths);
        Assert.DoesNotContain("/DashboardCounters", describedPaths);
        Assert.DoesNotContain("/Trace", describedPaths);
    }

    [Fact]
    public async Task TheEmbeddedNodeStoresASignedWebhookInMemoryAndShowsItOnlyToTheTenantsAgents()
    {
        var dashboard = PostgresServer.FreePort();
        await using var started = await StartEmbeddedNodeAsync(dashboard);
        var operatorKey = OperatorKeyLine().Match(started.Process.Output).Groups[1].Value;
        using var client = new HttpClient { BaseAddress = started.Url };
        using var created = await client.SendAsync(Bearer(HttpMethod.Post, "/v1/tenants", operatorKey, new { name = "Embedded Chat Shop" }));
        var tenant = (await created.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
        var secret = Channels.Webhooks.NewSecret();
        using (var put = await client.SendAsync(Bearer(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, new { secret })))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var body = Channels.Webhooks.GenericBody("embedded-1", "embedded-customer", "Is the tent waterproof?", name: "Robin Embedded");
        using var first = await Channels.Webhooks.PostGenericAsync(client, tenant.TenantId, secret, body);
        using var again = await Channels.Webhooks.PostGenericAsync(client, tenant.TenantId, secret, body);
        var conversationId = (await Channels.Webhooks.JsonAsync(first)).GetProperty("conversationId").GetString()!;
        using var read = await client.SendAsync(Bearer(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey, null));
        using var reply = await client.SendAsync(Bearer(HttpMethod.Post, $"/v1/conversations/{conversationId}/replies", tenant.AdminKey, new { text = "Yes, 3000 mm." }));
        using var reread = await client.SendAsync(Bearer(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey, null));
        using var state = await client.SendAsync(Operator(new Uri(
            $"http://127.0.0.1:{dashboard}/GrainStats/Omniops.Actors.Grains.Conversations.ConversationGrain"), operatorKey));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True((await Channels.Webhooks.JsonAsync(again)).GetProperty("duplicate").GetBoolean());
        Assert.Contains("Is the tent waterproof?", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Equal(2, (await Channels.Webhooks.JsonAsync(reread)).GetProperty("messages").GetArrayLength());
        Assert.DoesNotContain("tent", await state.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Robin", started.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoApiResponseOrDashboardPayloadContainsAStoredSecret()
    {
        var dashboard = PostgresServer.FreePort();
        await using var started = await StartEmbeddedNodeAsync(dashboard);
        var (node, gateway) = (started.Process, started.Url);
        var operatorKey = OperatorKeyLine().Match(node.Output).Groups[1].Value;
        using var client = new HttpClient { BaseAddress = gateway };
        var secret = "sk_canary_" + Guid.NewGuid().ToString("N");
        using var created = await client.SendAsync(Bearer(HttpMethod.Post, "/v1/tenants", operatorKey, new { name = "Secretive Shop" }));
        var tenant = (await created.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
        var responses = new List<string>();
        foreach (var integration in new[] { "generic", "shopify" })
        {
            using var put = await client.SendAsync(Bearer(HttpMethod.Put, $"/v1/credentials/{integration}", tenant.AdminKey, new { secret, accounts = Channels.Webhooks.AccountsOf(integration) }));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            responses.Add(await put.Content.ReadAsStringAsync());
        }

        foreach (var path in new[] { "/v1/tenant", "/v1/credentials", "/v1/api-keys", "/v1/audit?limit=500", "/v1/audit/verify" })
        {
            using var response = await client.SendAsync(Bearer(HttpMethod.Get, path, tenant.AdminKey, null));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            responses.Add(await response.Content.ReadAsStringAsync());
        }

        foreach (var path in new[] { "/DashboardCounters", "/ClusterStats", "/TopGrainMethods", "/GrainTypes", "/Reminders",
                     "/GrainStats/Omniops.Actors.Grains.Credentials.CredentialGrain",
                     $"/GrainState?grainId={tenant.TenantId}/generic&grainType=Omniops.Actors.Grains.Credentials.CredentialGrain" })
        {
            using var response = await client.SendAsync(Operator(new Uri($"http://127.0.0.1:{dashboard}{path}"), operatorKey));
            responses.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.All(responses, body => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        Assert.All(responses, body => Assert.DoesNotContain(secret[3..], body, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(secret, node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresModeWithoutAMasterKeyRefusesToStartWithOneClearError()
    {
        await using var node = HostProcess.Start("silo", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Omniops"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            ["Omniops__Signing__KeyFile"] = OmniopsTestCluster.SigningKeyFile(Path.GetTempPath()),
            ["Omniops__OperatorKey"] = new string('o', 40),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PostgresServer.FreePort()}",
            ["Omniops__Cluster__DashboardPort"] = PostgresServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Start-up refused: PostgreSQL is configured but no master key is", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresModeWithoutASigningKeyRefusesToStartNamingTheSetting()
    {
        await using var node = HostProcess.Start("silo", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Omniops"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            ["Omniops__MasterKey"] = Convert.ToBase64String(new byte[32]),
            ["Omniops__OperatorKey"] = new string('o', 40),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PostgresServer.FreePort()}",
            ["Omniops__Cluster__DashboardPort"] = PostgresServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Start-up refused: PostgreSQL is configured but no signing key is: set Omniops__Signing__KeyFile", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
    }

    /// <summary>The silo executable with no configuration but its dashboard port, ready.</summary>
    private static async Task<StartedHost> StartEmbeddedNodeAsync(int dashboardPort)
    {
        var started = ProcessDeployment.StartSilo(new Dictionary<string, string?>
        {
            ["Omniops__Cluster__DashboardPort"] = dashboardPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            await started.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private static HttpRequestMessage Bearer(HttpMethod method, string path, string key, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static HttpRequestMessage Operator(Uri url, string operatorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + operatorKey)));
        return request;
    }

    [Fact]
    public async Task The_embedded_node_prints_a_one_time_invitation_link_that_leads_a_first_admin_to_a_working_inbox()
    {
        var dashboard = PostgresServer.FreePort();
        await using var started = await StartEmbeddedNodeAsync(dashboard);
        var link = InvitationLine().Match(started.Process.Output);
        for (var i = 0; i < 100 && !link.Success; i++)
        {
            await Task.Delay(100);
            link = InvitationLine().Match(started.Process.Output);
        }

        Assert.True(link.Success, started.Process.Output);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = started.Url };
        var accepted = await PostFormAsync(browser, link.Groups[1].Value, new() { ["Input.Password"] = "correct horse battery staple" });
        Assert.Contains("/sign-in?workspace=t", accepted.Url, StringComparison.Ordinal);
        var workspace = Uri.UnescapeDataString(accepted.Url[(accepted.Url.IndexOf("workspace=", StringComparison.Ordinal) + 10)..]);
        var inbox = await PostFormAsync(browser, accepted.Url, new()
        {
            ["Input.Workspace"] = workspace,
            ["Input.Email"] = Client.Web.FirstAdminInvitation.Email,
            ["Input.Password"] = "correct horse battery staple",
        });
        Assert.EndsWith("/inbox", inbox.Url, StringComparison.Ordinal);
        Assert.Contains("<h1>Inbox</h1>", inbox.Html, StringComparison.Ordinal);

        // The link works once.
        using var fresh = new HttpClient { BaseAddress = started.Url };
        var again = await PostFormAsync(fresh, link.Groups[1].Value, new() { ["Input.Password"] = "another good passphrase" });
        Assert.Contains("not valid", again.Html, StringComparison.Ordinal);
    }

    /// <summary>GETs a page, then posts its first form with the antiforgery and handler fields plus <paramref name="fields"/>.</summary>
    private static async Task<(string Url, string Html)> PostFormAsync(HttpClient browser, string url, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        var form = FormFields().Match(page);
        Assert.True(form.Success, page);
        fields["_handler"] = form.Groups[2].Value;
        fields["__RequestVerificationToken"] = form.Groups[3].Value;
        using var response = await browser.PostAsync(new Uri(WebUtility.HtmlDecode(form.Groups[1].Value), UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(fields));
        return (response.RequestMessage!.RequestUri!.PathAndQuery, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"then sign in: (http\S+/invitation\?token=\S+)")]
    private static partial Regex InvitationLine();

    [GeneratedRegex("<form method=\"post\"[^>]*action=\"([^\"]+)\"[^>]*>.*?name=\"_handler\" value=\"([^\"]+)\".*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex FormFields();

    [GeneratedRegex(@"Operator key \(shown once[^)]*\): (\S+)")]
    private static partial Regex OperatorKeyLine();
}
