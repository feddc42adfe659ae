using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Client.Web;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// A data subject's privacy link: issued by the merchant for one customer record, it lets that subject (and only
/// that subject, of that tenant) see what is held about them and start and follow their own requests; every bad
/// link gets the same 401; a link passes no policy but the subject's, and no merchant key passes that one.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivacyLinkTests(ClusterFixture fixture)
{
    private readonly PrivacyLinkSetup _setup = new(fixture);

    [Fact]
    public async Task ALinkForOneSubjectSeesAndActsOnlyForThatSubjectNeverAnotherSubjectOrTenant()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Link Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "link-x", "crm-link-x", "Xavier Link", "xavier.link@example.com");
        var y = await _setup.SeedCustomerAsync(a, secret, "link-y", "crm-link-y", "Yara Link", "yara.link@example.com");
        var (b, bSecret) = await _setup.ConnectedTenantAsync("Link Traders");
        var z = await _setup.SeedCustomerAsync(b, bSecret, "link-z", "crm-link-z", "Zed Link", "zed.link@example.com");

        var xLink = await _setup.IssueAsync(a, x);
        var yLink = await _setup.IssueAsync(a, y);
        var zLink = await _setup.IssueAsync(b, z);
        var yRequest = await PrivacyChecks.StartAsync(fixture, a.AdminKey, new { kind = "access", customerRef = y });
        var zRequest = await PrivacyChecks.StartAsync(fixture, b.AdminKey, new { kind = "access", customerRef = z });

        using (var overview = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", xLink))
        {
            var body = await Webhooks.JsonAsync(overview);
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
            Assert.True(body.GetProperty("held").GetBoolean());
            Assert.Equal(1, body.GetProperty("holds").GetProperty("conversations").GetInt32());
            Assert.True(body.GetProperty("holds").GetProperty("contactDetails").GetBoolean());
            Assert.True(body.GetProperty("ai").GetProperty("humanReview").GetBoolean());
            Assert.DoesNotContain("yara", body.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("legalHold", body.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        string xRequest;
        using (var started = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", xLink, new { kind = "access" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var body = await Webhooks.JsonAsync(started);
            Assert.Equal("data-subject", body.GetProperty("source").GetString());
            xRequest = body.GetProperty("requestId").GetString()!;
        }

        // The subject cannot name anyone: the body takes no customer, and a rectification is not theirs to start.
        using (var naming = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", xLink, new { kind = "erasure", customerRef = y }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, naming.StatusCode);
        }

        using (var rectify = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", xLink, new { kind = "rectification" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rectify.StatusCode);
        }

        using (var own = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self/requests/" + xRequest, xLink))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        var missing = GrainKeys.NewLocalId('p');
        foreach (var suffix in new[] { string.Empty, "/receipt" })
        {
            using var missingAnswer = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/self/requests/{missing}{suffix}", xLink);
            var expected = await missingAnswer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, missingAnswer.StatusCode);
            foreach (var (link, request, what) in new[] { (xLink, yRequest, "another subject's request"), (yLink, xRequest, "the other way round"),
                (xLink, zRequest, "another tenant's request"), (zLink, xRequest, "another tenant's link") })
            {
                using var foreign = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/self/requests/{request}{suffix}", link);
                Assert.True(foreign.StatusCode == HttpStatusCode.NotFound, $"{what}{suffix}: {(int)foreign.StatusCode}");
                Assert.Equal(expected, await foreign.Content.ReadAsStringAsync());
            }
        }

        // Y's own view is Y's: the request X started is not about Y, and the merchant cannot issue B's customer a link of A.
        using (var yView = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", yLink))
        {
            Assert.Equal(HttpStatusCode.OK, yView.StatusCode);
        }

        using var foreignIssue = await fixture.SendAsync(HttpMethod.Post, $"/v1/customers/{z}/privacy-token", a.AdminKey);
        using var missingIssue = await fixture.SendAsync(HttpMethod.Post, $"/v1/customers/{GrainKeys.NewLocalId('u')}/privacy-token", a.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, foreignIssue.StatusCode);
        Assert.Equal(await missingIssue.Content.ReadAsStringAsync(), await foreignIssue.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExpiredForgedTamperedMalformedAndForeignLinksAllGetTheSameUnauthorizedBodyNoSoonerThanTheFloor()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Forgery Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "forge-x", "crm-forge-x", "Xena Forge", "xena.forge@example.com");
        var y = await _setup.SeedCustomerAsync(a, secret, "forge-y", "crm-forge-y", "Yusuf Forge", "yusuf.forge@example.com");
        var (b, _) = await _setup.ConnectedTenantAsync("Forgery Traders");
        var link = await _setup.IssueAsync(a, x);
        var parts = link.Split('.');

        // Built with the service's own signing code and the tenant's own link key, only already expired.
        var keyring = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<TenantKeyring>();
        var expired = PrivacyLinkTokens.Sign(await PrivacyLinkTokens.KeyAsync(keyring, a.TenantId), a.TenantId, parts[2], x, DateTimeOffset.UtcNow.AddMinutes(-1));
        var signedForB = PrivacyLinkTokens.Sign(await PrivacyLinkTokens.KeyAsync(keyring, b.TenantId), b.TenantId, parts[2], x, DateTimeOffset.UtcNow.AddDays(1));
        var bad = new Dictionary<string, string>
        {
            ["expired"] = expired,
            ["another subject"] = string.Join('.', parts[0], parts[1], parts[2], y, parts[4], parts[5]),
            ["a later expiry"] = string.Join('.', parts[0], parts[1], parts[2], parts[3], (long.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture) + 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture), parts[5]),
            ["another tenant's id"] = string.Join('.', parts[0], b.TenantId, parts[2], parts[3], parts[4], parts[5]),
            ["signed under another tenant's key, naming this one"] = string.Join('.', signedForB.Split('.') is var s ? [s[0], a.TenantId, s[2], s[3], s[4], s[5]] : []),
            ["a forged mac"] = string.Join('.', parts[0], parts[1], parts[2], parts[3], parts[4], new string('A', parts[5].Length)),
            ["an invented tenant"] = string.Join('.', parts[0], GrainKeys.NewTenantId(), parts[2], parts[3], parts[4], parts[5]),
            ["malformed"] = "opl.not-a-link",
        };

        using var good = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", link);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        string? first = null;
        foreach (var (what, token) in bad)
        {
            foreach (var inQuery in new[] { false, true })
            {
                var timer = Stopwatch.StartNew();
                using var response = inQuery
                    ? await fixture.Http.GetAsync("/v1/privacy/self?token=" + Uri.EscapeDataString(token))
                    : await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", token);
                var elapsed = timer.Elapsed;
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(first ??= body, body);
                Assert.True(elapsed >= PrivacyLinkAuthenticationHandler.FailureFloor - TimeSpan.FromMilliseconds(10), $"{what} was refused after {elapsed.TotalMilliseconds} ms");
            }
        }

        // The valid link still works through the query too, and the refusals are in the tenant's audit trail.
        using var viaQuery = await fixture.Http.GetAsync("/v1/privacy/self?token=" + Uri.EscapeDataString(link));
        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        await fixture.DrainRejectionAuditAsync();
        using var log = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", a.AdminKey);
        var logText = await log.Content.ReadAsStringAsync();
        Assert.Contains("auth.privacy-link", logText, StringComparison.Ordinal);
        Assert.Contains("expired-link", logText, StringComparison.Ordinal);
        Assert.Contains("invalid-link", logText, StringComparison.Ordinal);
        Assert.DoesNotContain(parts[5], logText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinksAccessRequestExportsOnlyItsOwnSubjectAndAnotherSubjectsExportAnswersLikeAMissingOne()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Export Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "export-x", "crm-export-x", "Ximena Export", "ximena.export@example.com");
        var y = await _setup.SeedCustomerAsync(a, secret, "export-y", "crm-export-y", "Yorick Export", "yorick.export@example.com");
        var xLink = await _setup.IssueAsync(a, x);
        var yRequest = await PrivacyChecks.StartAsync(fixture, a.AdminKey, new { kind = "access", customerRef = y });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, a.AdminKey, yRequest)).GetProperty("status").GetString());

        string xRequest;
        using (var started = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", xLink, new { kind = "access" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            xRequest = (await Webhooks.JsonAsync(started)).GetProperty("requestId").GetString()!;
        }

        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, a.AdminKey, xRequest)).GetProperty("status").GetString());
        using var export = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/self/requests/{xRequest}/export", xLink);
        var text = await export.Content.ReadAsStringAsync();
        Assert.True(export.StatusCode == HttpStatusCode.OK, $"{(int)export.StatusCode}: {text}");
        var document = JsonDocument.Parse(text).RootElement;
        Assert.Equal(x, Assert.Single(document.GetProperty("customers").EnumerateArray()).GetProperty("customerRef").GetString());
        Assert.Contains("ximena.export@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain(y, text, StringComparison.Ordinal);
        Assert.DoesNotContain("yorick", text, StringComparison.OrdinalIgnoreCase);

        using var missing = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/self/requests/{GrainKeys.NewLocalId('p')}/export", xLink);
        using var foreign = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/self/requests/{yRequest}/export", xLink);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        Assert.DoesNotContain("yorick", await foreign.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALinksErasureRequestCompletesAndAfterwardsTheLinkSaysNothingIsHeld()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Erasing Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "self-erase-x", "crm-self-erase-x", "Xiomara Self", "xiomara.self@example.com");
        var y = await _setup.SeedCustomerAsync(a, secret, "self-erase-y", "crm-self-erase-y", "Yves Self", "yves.self@example.com");
        var link = await _setup.IssueAsync(a, x);

        string requestId;
        using (var started = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", link, new { kind = "erasure" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            requestId = (await Webhooks.JsonAsync(started)).GetProperty("requestId").GetString()!;
        }

        var deadline = Stopwatch.StartNew();
        JsonElement request;
        do
        {
            await Task.Delay(100);
            using var poll = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self/requests/" + requestId, link);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            request = await Webhooks.JsonAsync(poll);
        }
        while (request.GetProperty("status").GetString() is "received" or "in-progress" && deadline.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Equal("completed", request.GetProperty("status").GetString());
        using (var receipt = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/self/requests/{requestId}/receipt", link))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            Assert.Contains("subjectKeyDestroyed", (await Webhooks.JsonAsync(receipt)).GetProperty("receipt").GetString()!, StringComparison.Ordinal);
        }

        using (var overview = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", link))
        {
            var body = await Webhooks.JsonAsync(overview);
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
            Assert.False(body.GetProperty("held").GetBoolean());
            Assert.Equal(0, body.GetProperty("holds").GetProperty("conversations").GetInt32());
            Assert.Equal(0, body.GetProperty("holds").GetProperty("orders").GetInt32());
            Assert.False(body.GetProperty("holds").GetProperty("contactDetails").GetBoolean());
        }

        using var other = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + y, a.AdminKey);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var merchantView = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, a.AdminKey);
        Assert.Equal("data-subject", (await Webhooks.JsonAsync(merchantView)).GetProperty("source").GetString());

        // The record is gone, its link is not: the merchant can still revoke it, and a ref never seen is 404.
        using (var revoked = await fixture.SendAsync(HttpMethod.Delete, $"/v1/customers/{x}/privacy-token", a.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.Equal(1, (await Webhooks.JsonAsync(revoked)).GetProperty("revoked").GetInt32());
        }

        using (var refused = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", link))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var unknown = await fixture.SendAsync(HttpMethod.Delete, $"/v1/customers/{GrainKeys.NewLocalId('u')}/privacy-token", a.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ALinkPassesNoPolicyButTheSubjectsAndNoKeyPassesThatOne()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Policy Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "policy-x", "crm-policy-x", "Xan Policy", "xan.policy@example.com");
        var link = await _setup.IssueAsync(a, x);
        var agentKey = await fixture.CreateKeyAsync(a.AdminKey, "agent");
        var endpoints = fixture.GatewayServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var subjectRoutes = 0;
        using var pages = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Http.BaseAddress };
        static HttpRequestMessage Bearer(HttpRequestMessage request, string token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }


        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(d => d.Policy).ToArray();
            var path = string.Join('/', endpoint.RoutePattern.RawText!.Split('/').Select(segment => segment.StartsWith('{') ? GrainKeys.NewLocalId('z') : segment));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var route = $"{method} {endpoint.RoutePattern.RawText}";
                if (policies.Contains(Policies.Subject))
                {
                    subjectRoutes++;
                    foreach (var key in new[] { a.AdminKey, agentKey, fixture.OperatorKey })
                    {
                        using var refused = await fixture.SendAsync(new HttpMethod(method), path, key, new { kind = "access" });
                        Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{route} with a key: {(int)refused.StatusCode}");
                    }

                    continue;
                }

                if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null || endpoint.Metadata.GetMetadata<DashboardPageMetadata>() is not null)
                {
                    // A dashboard page refuses a browser without a member session by sending it to the sign-in page.
                    foreach (var request in new[] { Bearer(new HttpRequestMessage(new HttpMethod(method), path), link),
                                 new HttpRequestMessage(new HttpMethod(method), path + "?token=" + Uri.EscapeDataString(link)) })
                    {
                        using var page = await pages.SendAsync(request);
                        Assert.True(page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location?.OriginalString.StartsWith("/sign-in", StringComparison.Ordinal) == true,
                            $"{route} with a link: {(int)page.StatusCode} {page.Headers.Location}");
                    }

                    continue;
                }

                using var header = await fixture.SendAsync(new HttpMethod(method), path, link);
                using var query = await fixture.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path + "?token=" + Uri.EscapeDataString(link)));
                Assert.True(header.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{route} with a link: {(int)header.StatusCode}");
                Assert.True(query.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{route} with a link in the query: {(int)query.StatusCode}");
            }
        }

        Assert.Equal(8, subjectRoutes);

        // A route that forgot to name a policy falls to the authenticated-caller default, which a link does not pass either.
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings,
            map: app => app.MapGet("/v1/forgotten", () => "the forgotten route answered"));
        await using var _ = gateway.Stopping();
        using var http = new HttpClient { BaseAddress = address };
        using var forgotten = new HttpRequestMessage(HttpMethod.Get, "/v1/forgotten");
        forgotten.Headers.Authorization = new AuthenticationHeaderValue("Bearer", link);
        using var answer = await http.SendAsync(forgotten);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.DoesNotContain("forgotten route answered", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void APrivacyLinkIsRedactedWholeFromLogLinesAndPreviews()
    {
        var token = PrivacyLinkTokens.Sign(new byte[32], GrainKeys.NewTenantId(), GrainKeys.NewLocalId('l'), GrainKeys.NewLocalId('u'), DateTimeOffset.UtcNow.AddDays(1));
        var parts = token.Split('.');

        var redacted = Omniops.Actors.GrainInterfaces.Security.Redactor.Redact("GET /privacy?token=" + token + " answered");

        Assert.All(parts.Skip(1), part => Assert.DoesNotContain(part, redacted, StringComparison.Ordinal));
        Assert.EndsWith(" answered", redacted, StringComparison.Ordinal);
    }
}
