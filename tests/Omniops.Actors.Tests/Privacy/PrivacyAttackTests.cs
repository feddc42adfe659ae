using System.Net;
using System.Text;
using Npgsql;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Attacks on the privacy path (issue #10) by a stranger's hand: what an erasure leaves behind, and requests that are
/// accepted but can never complete.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivacyAttackTests(ClusterFixture fixture)
{
    private const string Secret = "attack-generic-secret";

    [Fact]
    public async Task ARectifiedCustomersRefIsNeverInClearInTheAuditLogSoItsEventsOutliveTheErasureAsHashesOnly()
    {
        var tenant = await GenericTenantAsync();
        var customerRef = await PostGenericAsync(tenant, "crm-audit", $"a-{Guid.NewGuid():N}@example.com");
        var rectify = await PrivacyChecks.StartAsync(fixture, tenant.AdminKey,
            new { kind = "rectification", customerRef, changes = new { name = "Jamie R." } });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, rectify)).GetProperty("status").GetString());
        var erase = await PrivacyChecks.StartAsync(fixture, tenant.AdminKey, new { kind = "erasure", customerRef });
        Assert.Equal("completed", (await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, erase)).GetProperty("status").GetString());

        var events = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "customer.rectify");
        Assert.All(events, e => Assert.DoesNotContain(customerRef, e.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARectificationWithAContactFieldTooLongIsRefusedUpFrontRatherThanAcceptedAndRetriedForever()
    {
        var tenant = await GenericTenantAsync();
        var customerRef = await PostGenericAsync(tenant, "crm-long", $"l-{Guid.NewGuid():N}@example.com");

        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey,
            new { kind = "rectification", customerRef, changes = new { email = new string('a', 400) + "@example.com" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests", tenant.AdminKey);
        Assert.Empty((await Webhooks.JsonAsync(list)).EnumerateArray());
    }

    private async Task<TenantCreatedResponse> GenericTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync("Red Team Outfitters");
        using var connect = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, new { secret = Secret });
        connect.EnsureSuccessStatusCode();
        return tenant;
    }

    private async Task<string> PostGenericAsync(TenantCreatedResponse tenant, string crmRef, string email)
    {
        using var message = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, Secret,
            Webhooks.GenericBody("m-" + Guid.NewGuid().ToString("N"), crmRef, "Where is my parcel?", null, name: "Jamie Rivera", email: email, phone: null));
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        return (await Webhooks.JsonAsync(read)).GetProperty("customerRef").GetString()!;
    }
}
