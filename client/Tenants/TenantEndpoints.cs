using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Tenants;

/// <summary>Tenant creation (operator), the tenant's own profile and settings, and its API keys (tenant admin).</summary>
public static class TenantEndpoints
{
    public const string DefaultRegion = "eu";

    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/tenants", CreateTenantAsync).RequireAuthorization(Policies.Operator)
            .WithName("CreateTenant").WithSummary("Creates a tenant and its first admin key (shown once).")
            .DescribesJsonBody<CreateTenantRequest>();
        routes.MapPost("/ops/tenants/{tenantId}/admin-keys", RecoverAdminKeyAsync).RequireAuthorization(Policies.Operator)
            .WithName("RecoverTenantAdministration").WithSummary("Issues a new admin key for a locked-out tenant (shown once); audited in both logs.");
        routes.MapPost("/ops/tenants/{tenantId}/retention/sweep", SweepRetentionAsync).RequireAuthorization(Policies.Operator)
            .WithName("SweepTenantRetention").WithSummary("Runs the tenant's retention sweep now (its reminder runs it every Omniops:Retention:SweepPeriod); counts of what it removed.");

        var tenant = routes.MapGroup("/v1");
        tenant.MapGet("/tenant", async (IGrainFactory grains) => TypedResults.Ok(TenantResponse.From(await Own(grains).GetAsync())))
            .RequireAuthorization(Policies.Scope(Scopes.TenantRead))
            .WithName("GetTenant").WithSummary("The caller's tenant: profile, settings, connected integrations.");
        tenant.MapPatch("/tenant/settings", UpdateSettingsAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("UpdateTenantSettings").WithSummary("Changes the members present; durations are ISO-8601.")
            .DescribesJsonBody<SettingsPatchRequest>("application/json", "application/merge-patch+json");
        tenant.MapPost("/api-keys", CreateApiKeyAsync).RequireAuthorization(Policies.Scope(Scopes.KeysManage))
            .WithName("CreateApiKey").WithSummary("Mints an admin or agent key (shown once).")
            .DescribesJsonBody<CreateApiKeyRequest>();
        // Bounded: a tenant holds at most 50 keys (the tenant grain refuses more), so the list needs no paging.
        tenant.MapGet("/api-keys", async (IGrainFactory grains) =>
                TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>([.. (await Own(grains).ListApiKeysAsync()).Select(ApiKeyResponse.From)]))
            .RequireAuthorization(Policies.Scope(Scopes.KeysManage))
            .WithName("ListApiKeys").WithSummary("The tenant's keys: metadata only.");
        tenant.MapDelete("/api-keys/{keyId}", RevokeApiKeyAsync).RequireAuthorization(Policies.Scope(Scopes.KeysManage))
            .WithName("RevokeApiKey").WithSummary("Revokes a key.");
        return routes;
    }

    /// <summary>The caller's own tenant: tenant routes never take a tenant id from the request.</summary>
    internal static ITenantGrain Own(IGrainFactory grains) =>
        grains.GetTenantGrain(CallerContext.Current?.TenantId ?? throw new AccessDeniedException("The caller is bound to no tenant."));

    private static async Task<Results<Created<TenantCreatedResponse>, ProblemHttpResult>> CreateTenantAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateTenantRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var tenantId = GrainKeys.NewTenantId();
        var created = await grains.GetTenantGrain(tenantId).CreateAsync(new TenantCreation(body!.Name, body.Region ?? DefaultRegion));
        return TypedResults.Created((string?)null, new TenantCreatedResponse(created.TenantId, created.AdminKey.KeyId, created.AdminKey.Key));
    }

    /// <summary>The operator restores a locked-out tenant's administration: a new admin key, shown once.</summary>
    private static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> RecoverAdminKeyAsync(string tenantId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(tenantId))
        {
            return Problems.NotFound();
        }

        var issued = await grains.GetTenantGrain(tenantId).IssueRecoveryAdminKeyAsync();
        return TypedResults.Created((string?)null, new ApiKeyCreatedResponse(issued.KeyId, issued.Role, issued.Name, issued.Key, issued.CreatedAt));
    }

    private static async Task<Results<Ok<RetentionSweepResponse>, ProblemHttpResult>> SweepRetentionAsync(string tenantId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(tenantId))
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(RetentionSweepResponse.From(await grains.GetRetentionGrain(tenantId).SweepAsync()));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> UpdateSettingsAsync(HttpRequest request, IGrainFactory grains)
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
            body.Ai?.AllowedRegions) { RefundApprovalThreshold = body.Actions?.RefundApprovalThreshold };
        return TypedResults.Ok(TenantResponse.From(await Own(grains).UpdateSettingsAsync(patch)));
    }

    private static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> CreateApiKeyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateApiKeyRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var issued = await Own(grains).CreateApiKeyAsync(body!.Role, body.Name);
        return TypedResults.Created((string?)null, new ApiKeyCreatedResponse(issued.KeyId, issued.Role, issued.Name, issued.Key, issued.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(string keyId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(keyId))
        {
            return Problems.NotFound();
        }

        await Own(grains).RevokeApiKeyAsync(keyId);
        return TypedResults.NoContent();
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
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            // OverflowException: a well-formed duration beyond what a TimeSpan holds (P9999999Y).
            throw new RequestValidationException($"{field} must be an ISO-8601 duration such as \"P30D\".");
        }
    }
}
