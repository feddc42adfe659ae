using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Credentials;

/// <summary>Integration credentials: write-only secrets, metadata out (tenant admin).</summary>
public static class CredentialEndpoints
{
    public static IEndpointRouteBuilder MapCredentialEndpoints(this IEndpointRouteBuilder routes)
    {
        var credentials = routes.MapGroup("/v1/credentials").RequireAuthorization(Policies.Scope(Scopes.CredentialsManage));
        credentials.MapGet("", async (IGrainFactory grains) =>
        {
            var tenantId = CallerContext.Current!.TenantId!;
            var metadata = new List<CredentialMetadata>();
            foreach (var integration in await TenantEndpoints.Own(grains).ListIntegrationsAsync())
            {
                metadata.Add(await grains.GetCredentialGrain(tenantId, integration).GetMetadataAsync());
            }

            return Results.Json(metadata, GatewayJson.Options);
        });
        credentials.MapPut("/{integration}", PutAsync);
        credentials.MapDelete("/{integration}", async (string integration, IGrainFactory grains) =>
        {
            if (!GrainKeys.IsValidId(integration))
            {
                return Problems.NotFound();
            }

            await grains.GetCredentialGrain(CallerContext.Current!.TenantId!, integration).DeleteAsync();
            return Results.NoContent();
        });
        return routes;
    }

    private static async Task<IResult> PutAsync(string integration, HttpRequest request, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(integration) || integration.Length > 40)
        {
            return Problems.BadRequest("integration must be 1-40 characters of [a-z0-9-].");
        }

        var (body, problem) = await JsonBody.ReadAsync<PutCredentialRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var metadata = await grains.GetCredentialGrain(CallerContext.Current!.TenantId!, integration).PutAsync(new CredentialSecret
        {
            Secret = body!.Secret,
            GracePeriod = body.GraceSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            AllowedHosts = body.AllowedHosts,
        });
        return Results.Json(metadata, GatewayJson.Options);
    }
}
