using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

/// <summary>What the audit tests read back: the tenant's events and its chain's verification, as its admin sees them.</summary>
public static class AuditChecks
{
    public static async Task<JsonElement[]> ReadEventsAsync(ClusterFixture fixture, string adminKey)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", adminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().ToArray();
    }

    public static async Task<JsonElement> VerifyAsync(ClusterFixture fixture, string adminKey)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit/verify", adminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
