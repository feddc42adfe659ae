using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Http;

/// <summary>Malformed, mistyped, oversized and misrouted requests get 4xx problem documents and change nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("{\"retention\": {\"conversations\": \"P30D\"", HttpStatusCode.BadRequest)]
    [InlineData("{\"retention\": {\"conversations\": 30}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"ai\": {\"enabled\": \"yes\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"ai\": {\"enabled\": true}, \"unknown\": 1}", HttpStatusCode.BadRequest)]
    [InlineData("{\"retention\": {\"conversations\": \"banana\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"retention\": {\"conversations\": \"PT1H\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"ai\": {\"autoSend\": true}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"ai\": {\"allowedRegions\": [\"Europe!\"]}}", HttpStatusCode.BadRequest)]
    [InlineData("[1, 2, 3]", HttpStatusCode.BadRequest)]
    [InlineData("null", HttpStatusCode.BadRequest)]
    public async Task ABadSettingsPatchIsRejectedAndChangesNothing(string body, HttpStatusCode expected)
    {
        var tenant = await fixture.CreateTenantAsync();
        var before = await TenantAsync(tenant.AdminKey);

        using var response = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, ClusterFixture.RawJson(body));

        await AssertProblemAsync(response, expected);
        Assert.Equal(before, await TenantAsync(tenant.AdminKey));
    }

    [Theory]
    [InlineData("{\"role\": 5, \"name\": \"x\"}")]
    [InlineData("{\"role\": \"root\", \"name\": \"x\"}")]
    [InlineData("{\"name\": \"no role\"}")]
    [InlineData("{\"role\": \"agent\", \"name\": \"\"}")]
    [InlineData("not json")]
    [InlineData("{\"role\": \"agent\", \"role\": \"admin\", \"name\": \"x\"}")]
    [InlineData("{\"role\": \"agent\", \"Role\": \"admin\", \"name\": \"x\"}")]
    [InlineData("{\"role\": \"agent\", \"name\": \"x\", \"name\": \"y\"}")]
    public async Task ABadKeyRequestMintsNothing(string body)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, ClusterFixture.RawJson(body));
        using var keys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", tenant.AdminKey);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Single((await keys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        var tenant = await fixture.CreateTenantAsync();
        var before = await TenantAsync(tenant.AdminKey);
        var huge = "{\"ai\": {\"allowedRegions\": [\"" + new string('a', 2 * 1024 * 1024) + "\"]}}";

        using var response = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, ClusterFixture.RawJson(huge));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await TenantAsync(tenant.AdminKey));
    }

    [Fact]
    public async Task AClientThatDoesNotWaitForContinueStillReadsThe413AndKeepsItsConnection()
    {
        var tenant = await fixture.CreateTenantAsync();
        var before = await TenantAsync(tenant.AdminKey);
        var huge = "{\"ai\": {\"allowedRegions\": [\"" + new string('b', 3 * 1024 * 1024) + "\"]}}";
        // No Expect: 100-continue: the body is on its way before any answer can arrive. Connections are counted.
        using var client = new ConnectionCountingClient(fixture.Http.BaseAddress!);
        var http = client.Http;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/tenant/settings") { Content = ClusterFixture.RawJson(huge) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.AdminKey);
            using var response = await http.SendAsync(request);

            await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains($"limited to {1024 * 1024} bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var afterwards = new HttpRequestMessage(HttpMethod.Get, "/v1/tenant");
        afterwards.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.AdminKey);
        using var read = await http.SendAsync(afterwards);
        Assert.Equal(before, await read.Content.ReadAsStringAsync());
        // The refused bodies were drained, not cut off: all six exchanges used the one connection.
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task AWrongContentTypeIsRefusedWith415()
    {
        var tenant = await fixture.CreateTenantAsync();

        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey,
            new StringContent("role=agent&name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/v1/tenant", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/v1/audit?limit=100000", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/v1/audit?after=-1", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/v1/audit?after=abc", HttpStatusCode.BadRequest)]
    public async Task UnknownRoutesMethodsAndQueriesGetProblemDocuments(string method, string path, HttpStatusCode expected)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var response = await fixture.SendAsync(new HttpMethod(method), path, tenant.AdminKey);

        await AssertProblemAsync(response, expected);
    }

    [Fact]
    public async Task AMalformedTenantCreationCreatesNoTenant()
    {
        using var before = await fixture.SendAsync(HttpMethod.Get, "/ops/audit/verify?tenantId=ops", fixture.OperatorKey);
        var eventsBefore = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt64();

        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/tenants", fixture.OperatorKey, ClusterFixture.RawJson("{\"name\": 42}"));
        using var invalidRegion = await fixture.SendAsync(HttpMethod.Post, "/v1/tenants", fixture.OperatorKey, new { name = "Shop", region = "Mars Colony" });
        using var after = await fixture.SendAsync(HttpMethod.Get, "/ops/audit/verify?tenantId=ops", fixture.OperatorKey);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await AssertProblemAsync(invalidRegion, HttpStatusCode.BadRequest);
        // The verify calls themselves are audited (one each); no tenant.create appeared in between.
        Assert.Equal(eventsBefore + 1, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt64());
    }

    private async Task<string> TenantAsync(string key)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", key);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
