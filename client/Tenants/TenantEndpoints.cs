using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Tenants;

/// <summary>
/// Tenant creation and recovery (operator), the tenant's own profile and settings, and its API keys (tenant admin).
/// </summary>
public static class TenantEndpoints
{
    public const string DefaultRegion = "eu";

    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/tenants", CreateTenantAsync).RequireAuthorization(Policies.Operator);
        routes.MapPost("/ops/tenants/{tenantId}/admin-keys", RecoverAdminKeyAsync).RequireAuthorization(Policies.Operator);

        var tenant = routes.MapGroup("/v1");
        tenant.MapGet("/tenant", async (IGrainFactory grains) =>
            Results.Json(TenantResponse.From(await Own(grains).GetAsync()), GatewayJson.Options)).RequireAuthorization(Policies.Scope(Scopes.TenantRead));
        tenant.MapPatch("/tenant/settings", UpdateSettingsAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin));
        tenant.MapPost("/api-keys", CreateApiKeyAsync).RequireAuthorization(Policies.Scope(Scopes.KeysManage));
        tenant.MapGet("/api-keys", async (IGrainFactory grains) =>
            Results.Json((await Own(grains).ListApiKeysAsync()).Select(k => new ApiKeyResponse(k.KeyId, k.Role, k.Name, k.CreatedAt)), GatewayJson.Options)).RequireAuthorization(Policies.Scope(Scopes.KeysManage));
        tenant.MapDelete("/api-keys/{keyId}", async (string keyId, IGrainFactory grains) =>
        {
            if (!GrainKeys.IsValidId(keyId))
            {
                return Problems.NotFound();
            }

            await Own(grains).RevokeApiKeyAsync(keyId);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Scope(Scopes.KeysManage));
        return routes;
    }

    /// <summary>The caller's own tenant: tenant routes never take a tenant id from the request.</summary>
    internal static ITenantGrain Own(IGrainFactory grains) =>
        grains.GetTenantGrain(CallerContext.Current?.TenantId ?? throw new AccessDeniedException("The caller is bound to no tenant."));

    private static async Task<IResult> CreateTenantAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTenantRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var tenantId = GrainKeys.NewTenantId();
        var created = await grains.GetTenantGrain(tenantId).CreateAsync(new TenantCreation(body!.Name, body.Region ?? DefaultRegion));
        return Results.Json(new TenantCreatedResponse(created.TenantId, created.AdminKey.KeyId, created.AdminKey.Key),
            GatewayJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The operator restores a locked-out tenant's administration: a new admin key, shown once.</summary>
    private static async Task<IResult> RecoverAdminKeyAsync(string tenantId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(tenantId))
        {
            return Problems.NotFound();
        }

        var issued = await grains.GetTenantGrain(tenantId).IssueRecoveryAdminKeyAsync();
        return Results.Json(new ApiKeyCreatedResponse(issued.KeyId, issued.Role, issued.Name, issued.Key, issued.CreatedAt),
            GatewayJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateSettingsAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<SettingsPatchRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var patch = new TenantSettingsPatch(
            Duration(body!.Retention?.Conversations, "retention.conversations"),
            Duration(body.Retention?.Orders, "retention.orders"),
            Duration(body.Retention?.AuditLog, "retention.auditLog"),
            body.Ai?.Enabled,
            body.Ai?.AutoSend,
            body.Ai?.TrainingOptIn,
            body.Ai?.AllowedRegions);
        return Results.Json(TenantResponse.From(await Own(grains).UpdateSettingsAsync(patch)), GatewayJson.Options);
    }

    private static async Task<IResult> CreateApiKeyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateApiKeyRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var issued = await Own(grains).CreateApiKeyAsync(body!.Role, body.Name);
        return Results.Json(new ApiKeyCreatedResponse(issued.KeyId, issued.Role, issued.Name, issued.Key, issued.CreatedAt),
            GatewayJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static TimeSpan? Duration(string? iso, string field)
    {
        if (iso is null)
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(iso);
        }
        catch (FormatException)
        {
            throw new RequestValidationException($"{field} must be an ISO-8601 duration such as \"P30D\".");
        }
    }
}
