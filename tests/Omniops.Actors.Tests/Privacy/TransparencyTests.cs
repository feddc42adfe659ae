using System.Net;
using Omniops.Actors.Client.Transparency;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>The tenant's record of processing and the deployment's security.txt (RFC 9116).</summary>
[Collection(ClusterCollection.Name)]
public sealed class TransparencyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheDataMapListsEachConnectedIntegrationsDataTheAiProviderSubprocessorsPurposesAndRetentionButNeverTheAiKey()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", "shpss_" + Webhooks.NewSecret());
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", Webhooks.NewSecret());
        using var patched = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, new { retention = new { conversations = "P90D" } });
        patched.EnsureSuccessStatusCode();

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant/data-map", tenant.AdminKey);
        var text = await response.Content.ReadAsStringAsync();
        var map = await Webhooks.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var integrations = map.GetProperty("integrations").EnumerateArray()
            .ToDictionary(i => i.GetProperty("integration").GetString()!, i => i.GetProperty("dataCategories").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(["generic", "shopify"], integrations.Keys.Order());
        Assert.Equal(["conversations", "contact details", "attachment metadata"], integrations["generic"]);
        Assert.Equal(["orders", "shipping", "refunds", "contact details"], integrations["shopify"]);
        var ai = map.GetProperty("ai");
        Assert.True(ai.GetProperty("configured").GetBoolean());
        Assert.False(ai.GetProperty("enabledForTenant").GetBoolean());
        Assert.Equal("ai.example.test", ai.GetProperty("providerHost").GetString());
        Assert.Equal("support-model-1", ai.GetProperty("model").GetString());
        Assert.Equal("eu-west", ai.GetProperty("region").GetString());
        Assert.Equal(30, ai.GetProperty("retentionDays").GetInt32());
        var subprocessor = Assert.Single(map.GetProperty("subprocessors").EnumerateArray());
        Assert.Equal("Example Hosting", subprocessor.GetProperty("name").GetString());
        Assert.Equal("eu-central", subprocessor.GetProperty("region").GetString());
        Assert.Equal(["conversations", "orders"], subprocessor.GetProperty("dataCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Omniops.Actors.Grains.Privacy.PrivacyOptions.DefaultPurposes, map.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal("P90D", map.GetProperty("retention").GetProperty("conversations").GetString());
        Assert.Equal("P730D", map.GetProperty("retention").GetProperty("orders").GetString());
        Assert.DoesNotContain(OmniopsTestCluster.AiApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("apiKey", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnAgentCannotReadTheDataMapAndAnAnonymousCallerIsAskedToAuthenticate()
    {
        var tenant = await fixture.CreateTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        using var agent = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant/data-map", agentKey);
        using var anonymous = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant/data-map", null);

        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task SecurityTxtIsServedAnonymouslyAsPlainTextWithExactlyTheConfiguredFields()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/.well-known/security.txt", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(
            [
                "Contact: mailto:security@omniops.example",
                "Contact: https://omniops.example/security",
                "Expires: 2030-01-31T23:00:00Z",
                "Preferred-Languages: en, de",
                "Canonical: https://omniops.example/.well-known/security.txt",
                "Policy: https://omniops.example/disclosure",
                "",
            ],
            (await response.Content.ReadAsStringAsync()).Split('\n'));
    }

    [Fact]
    public async Task WithoutAContactSecurityTxtIsNotFound()
    {
        var settings = fixture.Settings.Where(s => !s.Key.StartsWith(SecurityTxtOptions.Section, StringComparison.Ordinal)).ToDictionary();
        var (app, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, settings);
        await using var stopping = app.Stopping();
        using var http = new HttpClient { BaseAddress = address };

        using var response = await http.GetAsync(new Uri("/.well-known/security.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Expires", null, "Expires is required")]
    [InlineData("Contact:0", "security@omniops.example", "mailto:")]
    [InlineData("Policy", "http://omniops.example/disclosure", "https")]
    public void ASecurityTxtWithoutExpiresOrWithAnUnusableUriIsRefusedAtStart(string key, string? value, string expected)
    {
        var options = new SecurityTxtOptions { Expires = DateTimeOffset.Parse("2030-01-31T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };
        options.Contact.Add("mailto:security@omniops.example");
        switch (key)
        {
            case "Expires": options.Expires = null; break;
            case "Contact:0": options.Contact[0] = value!; break;
            default: options.Policy = value; break;
        }

        Assert.Contains(expected, options.Problem(), StringComparison.Ordinal);
    }
}
