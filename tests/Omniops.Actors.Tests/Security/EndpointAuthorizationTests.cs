using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>Every route of the gateway says who may call it; one that says nothing is closed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EndpointAuthorizationTests(ClusterFixture fixture)
{
    /// <summary>The whole list of routes anyone may call: they authenticate nobody, or authenticate by signature.</summary>
    public static readonly string[] Anonymous =
    [
        "GET /health/live",
        "GET /health/ready",
        "POST /webhooks/{tenantId}/generic",
        "GET /webhooks/{tenantId}/whatsapp",
        "POST /webhooks/{tenantId}/whatsapp",
        "POST /webhooks/{tenantId}/shopify",
        "GET /openapi/{documentName}.json",
        "GET /.well-known/omniops-receipt-keys/{keyFile}",
        "GET /.well-known/security.txt",
        "POST /auth/invitations/accept",
        "POST /auth/sign-in",
        "POST /auth/sign-out",
        "GET /sign-in",
        "POST /sign-in",
        "GET /invitation",
        "POST /invitation",
        "GET " + Client.Web.DashboardAssets.StylePath,
    ];

    [Fact]
    public async Task EveryEndpointNamesARegisteredPolicyOrIsOnTheShortAnonymousList()
    {
        var policies = fixture.GatewayServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var seenAnonymous = new List<string>();
        var endpoints = fixture.GatewayServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();

        foreach (var endpoint in endpoints)
        {
            foreach (var route in Routes(endpoint))
            {
                if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
                {
                    Assert.True(Anonymous.Contains(route), $"{route} allows anonymous callers but is not on the anonymous list.");
                    seenAnonymous.Add(route);
                    continue;
                }

                // Blazor's redirect helper for script-driven navigation (the dashboard loads no script): the fallback closes it.
                if (route == "GET /_framework/opaque-redirect")
                {
                    continue;
                }

                var named = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToArray();
                Assert.True(named.Length > 0, $"{route} names no authorization policy.");
                foreach (var policy in named)
                {
                    Assert.True(await policies.GetPolicyAsync(policy) is not null, $"{route} names the unknown policy {policy}.");
                }
            }
        }

        Assert.True(endpoints.Length > 20, $"Only {endpoints.Length} endpoints were found.");
        Assert.Equal(Anonymous.Order(), seenAnonymous.Order());
    }

    [Fact]
    public async Task AnEndpointMappedWithoutAPolicyIsRefusedToAnyoneWithoutAValidKey()
    {
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, fixture.Settings,
            map: app => app.MapGet("/v1/forgotten", () => "the forgotten route answered"));
        await using var _ = gateway.Stopping();
        using var http = new HttpClient { BaseAddress = address };
        var tenant = await fixture.CreateTenantAsync();

        using var anonymous = await http.GetAsync("/v1/forgotten");
        using var garbage = new HttpRequestMessage(HttpMethod.Get, "/v1/forgotten");
        garbage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "omk." + tenant.TenantId + ".kforged.0123456789012345678901234567890123456789012");
        using var forged = await http.SendAsync(garbage);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("forgotten route answered", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.DoesNotContain("forgotten route answered", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Routes(RouteEndpoint endpoint) =>
        (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Pattern(endpoint)}");

    /// <summary>The route pattern as a reader writes it (a group's root route has a trailing slash in its raw text).</summary>
    private static string Pattern(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
}
