using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// A merchant revokes a record's privacy links: each is refused like a forged one while another subject's and later
/// links work; and one link flooding the gateway is held to its own budget.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivacyLinkRevocationTests(ClusterFixture fixture)
{
    private readonly PrivacyLinkSetup _setup = new(fixture);

    [Fact]
    public async Task ARevokedLinkGetsTheAnswerAForgedOneGetsWhileAnotherSubjectsLinkAndALaterLinkWork()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Revocation Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "revoke-x", "crm-revoke-x", "Xia Revoke", "xia.revoke@example.com");
        var y = await _setup.SeedCustomerAsync(a, secret, "revoke-y", "crm-revoke-y", "Yves Revoke", "yves.revoke@example.com");
        var (xFirst, xSecond, yLink) = (await _setup.IssueAsync(a, x), await _setup.IssueAsync(a, x), await _setup.IssueAsync(a, y));
        foreach (var link in new[] { xFirst, xSecond, yLink })
        {
            using var before = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", link);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Revoking is the merchant admin's (privacy:manage), not an agent's.
        var agentKey = await fixture.CreateKeyAsync(a.AdminKey, "agent");
        using (var asAgent = await fixture.SendAsync(HttpMethod.Delete, $"/v1/customers/{x}/privacy-token", agentKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
        }

        using var revoked = await fixture.SendAsync(HttpMethod.Delete, $"/v1/customers/{x}/privacy-token", a.AdminKey);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(2, (await Webhooks.JsonAsync(revoked)).GetProperty("revoked").GetInt32());

        // Both of x's links now get exactly what a forged link gets, on every route and through the query too; y's works.
        var parts = xFirst.Split('.');
        using var forged = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", string.Join('.', parts[0], parts[1], parts[2], parts[3], parts[4], new string('A', parts[5].Length)));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var refusal = await forged.Content.ReadAsStringAsync();
        foreach (var link in new[] { xFirst, xSecond })
        {
            using var viaHeader = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", link);
            using var viaQuery = await fixture.Http.GetAsync("/v1/privacy/self?token=" + Uri.EscapeDataString(link));
            using var starting = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/self/requests", link, new { kind = "erasure" });
            foreach (var response in new[] { viaHeader, viaQuery, starting })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal(refusal, await response.Content.ReadAsStringAsync());
            }
        }

        using (var other = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", yLink))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        // Nothing was started through a revoked link; a link issued afterwards works, and only it is revoked next time.
        using (var requests = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests?limit=500", a.AdminKey))
        {
            Assert.Equal(0, (await Webhooks.JsonAsync(requests)).GetArrayLength());
        }

        var xThird = await _setup.IssueAsync(a, x);
        using (var later = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", xThird))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        using var again = await fixture.SendAsync(HttpMethod.Delete, $"/v1/customers/{x}/privacy-token", a.AdminKey);
        Assert.Equal(1, (await Webhooks.JsonAsync(again)).GetProperty("revoked").GetInt32());

        // Audited: the revocations (counts, the subject as a hash) and each refusal of a revoked link as such.
        await fixture.DrainRejectionAuditAsync();
        using var log = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", a.AdminKey);
        var logText = await log.Content.ReadAsStringAsync();
        Assert.Equal(2, JsonDocument.Parse(logText).RootElement.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("operation").GetString() == "privacy.link.revoke"));
        Assert.Contains("revoked-link", logText, StringComparison.Ordinal);

        // The links' rows hold the subject only as a digest, never the ref.
        var rows = await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_privacy_links l WHERE l.tenant_id = $1 AND strpos(l::text, $2) > 0", a.TenantId, x);
        Assert.Equal(0L, rows);
        Assert.Equal(4L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_privacy_links WHERE tenant_id = $1", a.TenantId));
    }

    [Fact]
    public async Task OneLinkFloodingTheGatewayIsHeldToItsOwnBudgetWhileAnotherLinkOfTheTenantIsNot()
    {
        var (a, secret) = await _setup.ConnectedTenantAsync("Flooded Outfitters");
        var x = await _setup.SeedCustomerAsync(a, secret, "flood-x", "crm-flood-x", "Xan Flood", "xan.flood@example.com");
        var y = await _setup.SeedCustomerAsync(a, secret, "flood-y", "crm-flood-y", "Yan Flood", "yan.flood@example.com");
        var (flooding, other) = (await _setup.IssueAsync(a, x), await _setup.IssueAsync(a, y));

        // Three times the burst at once: the burst passes, most of the rest is refused (a few permits come back while it runs).
        var flood = UnauthenticatedRequestLimiter.SubjectBurst * 3;
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, flood).Select(async _ =>
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", flooding);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        var seconds = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.All(answers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var passed = answers.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(passed, UnauthenticatedRequestLimiter.SubjectBurst, UnauthenticatedRequestLimiter.SubjectBurst + (UnauthenticatedRequestLimiter.SubjectPerSecond * (seconds + 1)));
        Assert.Contains("rate-limited", answers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).Body, StringComparison.Ordinal);

        // The tenant's other link and its admin are not held by it.
        using (var otherLink = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/self", other))
        {
            Assert.Equal(HttpStatusCode.OK, otherLink.StatusCode);
        }

        using var admin = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests?limit=10", a.AdminKey);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains(await WebhookChecks.AuditEventsAsync(fixture, a.AdminKey), e => e.GetProperty("operation").GetString() == "http.rate-limited" &&
            e.GetProperty("details").GetProperty("reason").GetString() == "privacy-link");
    }
}
