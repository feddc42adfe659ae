using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Transparency;

/// <summary>Transparency: the tenant's record of processing (data map) and the deployment's <c>security.txt</c>.</summary>
public static class TransparencyEndpoints
{
    public const string SecurityTxtPath = "/.well-known/security.txt";

    public static IServiceCollection AddOmniopsTransparency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityTxtOptions>().Bind(configuration.GetSection(SecurityTxtOptions.Section))
            .Validate(o => o.Problem() is null, "Omniops:SecurityTxt: Contact:{n} must be mailto:/https:/tel: URIs, Expires is required with a Contact (RFC 9116), Encryption/Canonical/Policy https URLs.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapTransparencyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(SecurityTxtPath, SecurityTxt).AllowAnonymous()
            .WithName("GetSecurityTxt").WithSummary("RFC 9116 security contact information; 404 when the deployment configured none.");
        routes.MapGet("/v1/tenant/data-map", async (IGrainFactory grains) => TypedResults.Ok(DataMapResponse.From(await TenantEndpoints.Own(grains).GetDataMapAsync())))
            .RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("GetDataMap").WithSummary("The tenant's record of processing: integrations and their data, AI provider, subprocessors, purposes, retention.");
        return routes;
    }

    private static Results<ContentHttpResult, NotFound> SecurityTxt(IOptions<SecurityTxtOptions> options) =>
        options.Value.IsConfigured
            ? TypedResults.Text(options.Value.Render(), "text/plain; charset=utf-8")
            : TypedResults.NotFound();
}
