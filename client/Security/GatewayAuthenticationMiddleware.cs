using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Authenticates every endpoint that declares an <see cref="AuthenticationRequirement"/> and puts the resulting
/// <see cref="CallerContext"/> into the Orleans request context, where the isolation filter reads it. Tenant keys
/// are checked by their tenant's grain (which audits failures); unparseable keys are audited in the operator log.
/// </summary>
public sealed class GatewayAuthenticationMiddleware(RequestDelegate next, OperatorKey operatorKey, IGrainFactory grains)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<AuthenticationRequirement>();
        if (requirement is null)
        {
            CallerContext.Current = null;
            await next(context);
            return;
        }

        var presented = BearerToken(context.Request);
        var caller = presented is null ? null
            : requirement.Operator ? AuthenticateOperator(presented)
            : await AuthenticateTenantAsync(presented);
        if (caller is null)
        {
            // A presented credential that no tenant grain has judged (operator key, or no parseable tenant key) is
            // audited in the operator log; a request that presents nothing is not a sign-in attempt.
            if (presented is not null && (requirement.Operator || !ApiKeyFormat.TryParse(presented, out _, out _, out _)))
            {
                await AuditUnattributedFailureAsync(requirement.Operator ? "auth.operator" : "auth.sign-in");
            }

            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized().ExecuteAsync(context);
            return;
        }

        CallerContext.Current = caller;
        await next(context);
    }

    private CallerContext? AuthenticateOperator(string presented) =>
        operatorKey.Matches(presented) ? CallerContext.Operator("operator") : null;

    private async Task<CallerContext?> AuthenticateTenantAsync(string presented)
    {
        if (!ApiKeyFormat.TryParse(presented, out var tenantId, out var keyId, out var secret))
        {
            return null;
        }

        CallerContext.Current = CallerContext.Gateway(tenantId);
        return await grains.GetTenantGrain(tenantId).AuthenticateAsync(keyId, ApiKeyFormat.HashSecret(secret));
    }

    private async Task AuditUnattributedFailureAsync(string operation)
    {
        CallerContext.Current = CallerContext.Gateway(null);
        await grains.GetAuditLogGrain(GrainKeys.OperatorTenant).AppendAsync(new AuditEntry(operation, AuditOutcomes.Failure));
    }

    private static string? BearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) &&
        string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) &&
        !string.IsNullOrWhiteSpace(header.Parameter)
            ? header.Parameter
            : null;
}
