using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Http;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> describes everything the gateway serves.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiTests(ClusterFixture fixture)
{
    private const string DocumentRoute = "/openapi/{documentName}.json";

    [Fact]
    public async Task TheDocumentDescribesEveryMappedRouteAndMethod()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        // An endpoint that declares no method answers any: it is listed as "*", which no document can describe. A group's
        // own route ("/v1/audit" + "") ends in a slash that routing and the document both ignore.
        // The merchant dashboard's pages, stylesheet and sign-out form are HTML, excluded from the API's document on purpose.
        var mapped = fixture.GatewayServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true } &&
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]))
            .Where(e => e.Path != DocumentRoute)
            .SelectMany(e => e.Methods.Select(method => (e.Path, Method: method.ToLowerInvariant())))
            .ToList();

        var missing = mapped.Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _)).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(mapped.Count >= 26, $"Only {mapped.Count} routes were found.");
        Assert.Empty(missing);
        Assert.Contains(mapped, r => r is { Path: "/health/ready", Method: "get" });
        Assert.Contains(mapped, r => r is { Path: "/webhooks/{tenantId}/shopify", Method: "post" });
    }

    [Fact]
    public async Task TheDocumentNamesBodiesAnswersAndProblems()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var createKey = paths.GetProperty("/v1/api-keys").GetProperty("post");
        var list = paths.GetProperty("/v1/conversations").GetProperty("get");
        var ready = paths.GetProperty("/health/ready").GetProperty("get");

        Assert.Equal("CreateApiKey", createKey.GetProperty("operationId").GetString());
        Assert.True(createKey.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(createKey.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(createKey.GetProperty("responses").GetProperty("4XX").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal(["customerRef", "cursor", "limit"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(ready.GetProperty("responses").TryGetProperty("503", out _));
        Assert.Equal("Ready", ready.GetProperty("operationId").GetString());
    }
}
