using System.Net;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>Breach-notification support: the operator records an incident and learns whom it affects and by when to notify.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IncidentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnIntegrationIncidentListsOnlyTheTenantsWithThatIntegrationWithTheirDataCategoriesAndSubjectCounts()
    {
        var (withShop, withoutShop) = await TwoActiveTenantsAsync();

        var (status, report) = await RecordAsync(new { kind = "integration", integration = "shopify" });

        Assert.Equal(HttpStatusCode.Created, status);
        var affected = Affected(report);
        Assert.True(affected.ContainsKey(withShop.TenantId));
        Assert.False(affected.ContainsKey(withoutShop.TenantId));
        Assert.Equal(2, affected[withShop.TenantId].GetProperty("subjects").GetInt64());
        Assert.Equal(["orders", "shipping", "refunds", "contact details"],
            affected[withShop.TenantId].GetProperty("dataCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(report.GetProperty("detectedAt").GetDateTimeOffset().AddHours(72), report.GetProperty("notifyBy").GetDateTimeOffset());
    }

    [Fact]
    public async Task ADatabaseIncidentListsEveryTenantWithActivityInTheWindowAndIsKeptAndAuditedInEveryLog()
    {
        var (withShop, withoutShop) = await TwoActiveTenantsAsync();

        var (status, report) = await RecordAsync(new { kind = "database" }, description: "Replica exposed; reported by jamie@example.com");
        var incidentId = report.GetProperty("incidentId").GetString()!;
        var affected = Affected(report);
        using var again = await fixture.SendAsync(HttpMethod.Get, "/ops/incidents/" + incidentId, fixture.OperatorKey);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, affected[withShop.TenantId].GetProperty("subjects").GetInt64());
        Assert.Equal(1, affected[withoutShop.TenantId].GetProperty("subjects").GetInt64());
        Assert.Equal(["conversations", "contact details", "attachment metadata"],
            affected[withoutShop.TenantId].GetProperty("dataCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(report.ToString(), (await Webhooks.JsonAsync(again)).ToString());
        Assert.DoesNotContain("jamie", report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("crm-", report.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'incident.record' AND resource = $2
              AND details LIKE '%Replica exposed%' AND details NOT LIKE '%jamie%'
            """, GrainKeys.OperatorTenant, incidentId));
        foreach (var tenant in new[] { withShop, withoutShop })
        {
            var notice = Assert.Single(await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey), e => e.GetProperty("operation").GetString() == "incident.notice");
            Assert.Equal(incidentId, notice.GetProperty("resource").GetString());
        }
    }

    [Fact]
    public async Task ACredentialIncidentListsTheOneTenantAndAnAiProviderIncidentNoneWhileNoTenantUsesAi()
    {
        var (withShop, _) = await TwoActiveTenantsAsync();

        var (_, credential) = await RecordAsync(new { kind = "credential", integration = "shopify", tenantId = withShop.TenantId });
        var (_, ai) = await RecordAsync(new { kind = "ai-provider" });

        Assert.Equal([withShop.TenantId], Affected(credential).Keys);
        Assert.Empty(Affected(ai));
    }

    [Fact]
    public async Task ATenantKeyCannotRecordOrReadAnIncident()
    {
        var tenant = await fixture.CreateTenantAsync();
        var body = new { from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow, component = new { kind = "database" } };

        using var record = await fixture.SendAsync(HttpMethod.Post, "/ops/incidents", tenant.AdminKey, body);
        using var read = await fixture.SendAsync(HttpMethod.Get, "/ops/incidents/inope", tenant.AdminKey);

        Assert.Contains(record.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Contains(read.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.DoesNotContain(await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey), e => e.GetProperty("operation").GetString()!.StartsWith("incident.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\",\"component\":{\"kind\":\"database\"}}")]
    [InlineData("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\",\"component\":{\"kind\":\"printer\"}}")]
    [InlineData("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\",\"component\":{\"kind\":\"integration\"}}")]
    [InlineData("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\",\"component\":{\"kind\":\"credential\",\"integration\":\"shopify\"}}")]
    public async Task AnIncidentWithAnInvalidWindowOrComponentIsRefused(string json)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, "/ops/incidents", fixture.OperatorKey, ClusterFixture.RawJson(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ADescriptionOverFiveHundredCharactersIsRefused()
    {
        var (status, _) = await RecordAsync(new { kind = "database" }, new string('x', 501), expectSuccess: false);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    /// <summary>One tenant with shopify and generic connected and two conversation customers, one with generic only and one.</summary>
    private async Task<(TenantCreatedResponse WithShop, TenantCreatedResponse WithoutShop)> TwoActiveTenantsAsync()
    {
        var withShop = await fixture.CreateTenantAsync();
        var withoutShop = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, withShop.AdminKey, "shopify", "shpss_" + Webhooks.NewSecret());
        foreach (var (tenant, customers) in new[] { (withShop, new[] { "crm-a", "crm-b" }), (withoutShop, new[] { "crm-c" }) })
        {
            var secret = Webhooks.NewSecret();
            await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
            foreach (var customer in customers)
            {
                foreach (var n in new[] { 1, 2 })
                {
                    using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                        Webhooks.GenericBody($"{customer}-m{n}", customer, "hello", conversationId: $"{customer}-thread-{n}"));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }
            }
        }

        return (withShop, withoutShop);
    }

    private async Task<(HttpStatusCode Status, JsonElement Report)> RecordAsync(object component, string? description = null, bool expectSuccess = true)
    {
        var now = DateTimeOffset.UtcNow;
        using var response = await fixture.SendAsync(HttpMethod.Post, "/ops/incidents", fixture.OperatorKey,
            new { from = now.AddHours(-1), to = now.AddHours(1), component, description });
        if (expectSuccess)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        return (response.StatusCode, await Webhooks.JsonAsync(response));
    }

    private static Dictionary<string, JsonElement> Affected(JsonElement report) =>
        report.GetProperty("affectedTenants").EnumerateArray().ToDictionary(t => t.GetProperty("tenantId").GetString()!);
}
