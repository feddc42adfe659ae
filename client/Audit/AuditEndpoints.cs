using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Audit;

/// <summary>The tenant's audit trail and its verification; the operator's verification of any tenant's chain.</summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var tenant = routes.MapGroup("/v1/audit").RequireAuthorization(Policies.Scope(Scopes.AuditRead));
        tenant.MapGet("", ReadAsync);
        tenant.MapGet("/verify", async (IGrainFactory grains) =>
            Results.Json(await OwnLog(grains).VerifyAsync(), GatewayJson.Options));

        routes.MapGet("/ops/audit/verify", async (HttpRequest request, IGrainFactory grains) =>
        {
            var tenantId = request.Query["tenantId"].ToString();
            if (!GrainKeys.IsValidId(tenantId))
            {
                return Problems.BadRequest("tenantId is required and must be a tenant id.");
            }

            await grains.GetAuditLogGrain(GrainKeys.OperatorTenant)
                .AppendAsync(new AuditEntry("ops.audit.verify", AuditOutcomes.Success, tenantId));
            return Results.Json(await grains.GetAuditLogGrain(tenantId).VerifyAsync(), GatewayJson.Options);
        }).RequireAuthorization(Policies.Operator);
        return routes;
    }

    private static async Task<IResult> ReadAsync(HttpRequest request, IGrainFactory grains)
    {
        if (!TryQuery(request, "after", 0, 0, long.MaxValue, out var after) ||
            !TryQuery(request, "limit", DefaultLimit, 1, MaxLimit, out var limit))
        {
            return Problems.BadRequest($"after must be a non-negative integer and limit an integer from 1 to {MaxLimit}.");
        }

        var events = await OwnLog(grains).ReadAsync(after, (int)limit);
        return Results.Json(new
        {
            events = events.Select(AuditEventResponse.From),
            next = events.Count == 0 ? after : events[^1].Sequence,
        }, GatewayJson.Options);
    }

    private static IAuditLogGrain OwnLog(IGrainFactory grains) =>
        grains.GetAuditLogGrain(CallerContext.Current!.TenantId!);

    private static bool TryQuery(HttpRequest request, string name, long fallback, long min, long max, out long value)
    {
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            value = fallback;
            return true;
        }

        return long.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
