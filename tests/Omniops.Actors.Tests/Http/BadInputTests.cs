using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Http;
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
    [InlineData("POST", "/health/live", HttpStatusCode.MethodNotAllowed)]
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

    [Fact]
    public async Task ARequestTargetOverTheLimitGetsA414ProblemDocumentOverRawHttp()
    {
        const string prefix = "/v1/nothing-here?pad=";
        var atLimit = prefix + new string('a', RequestLimitsMiddleware.MaxRequestTargetBytes - prefix.Length);

        var (allowedStatus, _, _) = await RawGetAsync(atLimit);
        var (status, contentType, body) = await RawGetAsync(atLimit + "a");

        // At the limit the request is read and routed: no route matches, and the fallback policy closes it to an anonymous caller.
        Assert.Equal(401, allowedStatus);
        Assert.Equal(414, status);
        Assert.Equal("application/problem+json", contentType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(["type", "title", "status", "detail"], problem.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://omniops.dev/problems/uri-too-long", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(414, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains($"{RequestLimitsMiddleware.MaxRequestTargetBytes} bytes", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, 10, 3400)]
    // With Host and Authorization: 100 lines, then 103.
    [InlineData(RequestLimitsMiddleware.MaxRequestHeaderCount - 2, RequestLimitsMiddleware.MaxRequestHeaderCount + 1, 8)]
    public async Task AHeaderSectionOverTheLimitGetsA431ProblemDocument(int allowedPads, int refusedPads, int valueLength)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var under = Padded(HttpMethod.Get, "/v1/tenant", tenant.AdminKey, allowedPads, valueLength);
        using var over = Padded(HttpMethod.Get, "/v1/tenant", tenant.AdminKey, refusedPads, valueLength);

        using var allowed = await fixture.Http.SendAsync(under);
        using var refused = await fixture.Http.SendAsync(over);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await AssertProblemAsync(refused, HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Contains($"{RequestLimitsMiddleware.MaxRequestHeadersBytes} bytes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", null)]
    [InlineData("PUT", "/v1/tenant", null)]
    [InlineData("GET", "/v1/customers/{missing}", null)]
    [InlineData("POST", "/v1/api-keys", "{\"role\": \"root\", \"name\": \"x\"}")]
    public async Task ProblemDocumentsHaveTheSameFourMembersWhateverTheClientAccepts(string method, string path, string? body)
    {
        var tenant = await fixture.CreateTenantAsync();
        var bodies = new List<string>();

        foreach (var accept in new[] { null, "application/json", "text/html", "application/xml" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{missing}", GrainInterfaces.GrainKeys.NewLocalId('u'), StringComparison.Ordinal));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.AdminKey);
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            if (body is not null)
            {
                request.Content = ClusterFixture.RawJson(body);
            }

            using var response = await fixture.Http.SendAsync(request);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            using var problem = JsonDocument.Parse(text);
            Assert.Equal(["type", "title", "status", "detail"], problem.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.StartsWith("https://omniops.dev/problems/", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
            bodies.Add(text);
        }

        Assert.Single(bodies.Distinct());
    }

    private static HttpRequestMessage Padded(HttpMethod method, string path, string key, int headers, int valueLength)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        for (var i = 0; i < headers; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Pad-{i}", new string('p', valueLength));
        }

        return request;
    }

    /// <summary>A GET written byte for byte on a socket (HTTP/1.0, so the answer is not chunked and ends with the connection).</summary>
    private async Task<(int Status, string? ContentType, string Body)> RawGetAsync(string target)
    {
        var address = fixture.Http.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.0\r\nHost: {address.Authority}\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..split].Split("\r\n");
        var contentType = head.Skip(1).Select(h => h.Split(':', 2)).FirstOrDefault(h => h[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        return (int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), contentType, response[(split + 4)..]);
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
