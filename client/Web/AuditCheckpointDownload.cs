using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Audit;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The audit page's download of the latest signed checkpoint: the same document and the same checks as
/// <c>GET /v1/audit/checkpoint</c> (a member whose role holds <c>audit:read</c>), as a file; 404 for an empty log.
/// </summary>
public static class AuditCheckpointDownload
{
    public const string Path = "/audit/checkpoint";

    public static IEndpointRouteBuilder MapAuditCheckpointDownload(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (HttpContext context, IGrainFactory grains) =>
            {
                var tenantId = CallerContext.Current!.TenantId!;
                if (await grains.GetAuditLogGrain(tenantId).LatestCheckpointAsync() is not { } checkpoint)
                {
                    return Results.NotFound();
                }

                context.Response.Headers.ContentDisposition =
                    string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"audit-checkpoint-{tenantId}-{checkpoint.Sequence}.json\"");
                return Results.Json(AuditCheckpointResponse.From(checkpoint));
            })
            .RequireAuthorization(Policies.Member, DashboardPolicies.AuditRead).WithMetadata(new DashboardPageMetadata()).ExcludeFromDescription();
        return routes;
    }
}
