using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        // Bounded: one entry per integration the tenant's admin has connected, so the list needs no paging.
        credentials.MapGet("", ListAsync)
            .WithName("ListCredentials").WithSummary("Metadata of every stored credential; never a secret.");
        credentials.MapPut("/{integration}", PutAsync)
            .WithName("PutCredential").WithSummary("Stores or rotates a credential; answers its metadata only.")
            .DescribesJsonBody<PutCredentialRequest>();
        credentials.MapDelete("/{integration}", DeleteAsync)
            .WithName("DeleteCredential").WithSummary("Deletes a credential; the integration is then disconnected.");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<CredentialResponse>>> ListAsync(IGrainFactory grains)
    {
        var tenantId = CallerContext.Current!.TenantId!;
        var metadata = new List<CredentialResponse>();
        foreach (var integration in await TenantEndpoints.Own(grains).ListIntegrationsAsync())
        {
            metadata.Add(CredentialResponse.From(await grains.GetCredentialGrain(tenantId, integration).GetMetadataAsync()));
        }

        return TypedResults.Ok<IReadOnlyList<CredentialResponse>>(metadata);
    }

    private static async Task<Results<Ok<CredentialResponse>, ProblemHttpResult>> PutAsync(string integration, HttpRequest request, IGrainFactory grains)
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

        // Checked before anything converts them: seconds beyond what a TimeSpan holds, and null hosts or accounts, are input errors.
        if (body!.GraceSeconds is < 0 or > MaxGraceSeconds || body.AllowedHosts?.Any(h => h is null) == true || body.Accounts?.Any(a => a is null) == true)
        {
            return Problems.BadRequest($"graceSeconds must be from 0 to {MaxGraceSeconds}, allowedHosts a list of host names and accounts a list of account ids.");
        }

        var metadata = await grains.GetCredentialGrain(CallerContext.Current!.TenantId!, integration).PutAsync(new CredentialSecret
        {
            Secret = body.Secret,
            GracePeriod = body.GraceSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            AllowedHosts = body.AllowedHosts,
            Accounts = body.Accounts,
        });
        return TypedResults.Ok(CredentialResponse.From(metadata));
    }

    /// <summary>The longest grace period a rotated secret may keep verifying, in seconds (30 days, as the credential grain allows).</summary>
    public const long MaxGraceSeconds = 30L * 24 * 60 * 60;

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string integration, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(integration))
        {
            return Problems.NotFound();
        }

        await grains.GetCredentialGrain(CallerContext.Current!.TenantId!, integration).DeleteAsync();
        return TypedResults.NoContent();
    }
}
