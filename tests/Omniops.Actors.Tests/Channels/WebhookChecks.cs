using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>What the webhook tests look at afterwards: edited payload copies, the tenant's audit trail, stored rows.</summary>
public static class WebhookChecks
{
    /// <summary>A copy of <paramref name="body"/> with the first occurrence of <paramref name="from"/> replaced (the new bytes get signed anew).</summary>
    public static byte[] Edit(byte[] body, string from, string to)
    {
        var text = Encoding.ASCII.GetString(body);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"The payload does not contain {from}.");
        return Encoding.ASCII.GetBytes(string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length)));
    }

    /// <summary>The tenant's <c>webhook.reject</c> audit events, as <c>(channel, reason)</c>.</summary>
    public static async Task<IReadOnlyList<(string Channel, string Reason)>> RejectionsAsync(ClusterFixture fixture, string adminKey)
    {
        var events = await AuditEventsAsync(fixture, adminKey);
        return [.. events.Where(e => e.GetProperty("operation").GetString() == "webhook.reject")
            .Select(e => (e.GetProperty("details").GetProperty("channel").GetString()!, e.GetProperty("details").GetProperty("reason").GetString()!))];
    }

    public static async Task<IReadOnlyList<JsonElement>> AuditEventsAsync(ClusterFixture fixture, string adminKey)
    {
        await fixture.DrainRejectionAuditAsync();
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", adminKey);
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray()];
    }

    public static Task<long> StoredMessagesAsync(ClusterFixture fixture, string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenantId);

    public static Task<long> ComplianceRequestsAsync(ClusterFixture fixture, string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_compliance_requests WHERE tenant_id = $1", tenantId);

    /// <summary>A human agent of the tenant, for reading grains directly.</summary>
    public static CallerContext Agent(string tenantId) => new(tenantId, "agent-test", ActorKind.Agent, Roles.ScopesOf(Roles.Agent));
}
