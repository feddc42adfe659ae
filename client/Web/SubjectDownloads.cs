using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Privacy;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The privacy page's download of a data subject's own completed access request: <c>GET /v1/privacy/self/requests/{id}/export</c>
/// (the same checks, grain calls and <c>privacy.export</c> audit event) under the page's path, so the page's cookie
/// reaches it, and as an attachment. A refused link is sent to the page's refusal.
/// </summary>
public static class SubjectDownloads
{
    public const string ExportPath = PrivacyLinkCookie.Path + "/requests/{requestId}/export";

    public static string ExportOf(string requestId) => $"{PrivacyLinkCookie.Path}/requests/{Uri.EscapeDataString(requestId)}/export";

    public static IEndpointRouteBuilder MapSubjectDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ExportPath, async (string requestId, IGrainFactory grains, TimeProvider time, HttpContext context) =>
            {
                var result = await PrivacyLinkEndpoints.ExportAsync(requestId, grains, time, context);
                if (result.Result is not Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult)
                {
                    context.Response.Headers.ContentDisposition = $"attachment; filename=\"my-data-{requestId}.json\"";
                }

                return result;
            })
            .RequireAuthorization(Policies.Subject).WithMetadata(new SubjectPageAttribute()).ExcludeFromDescription();
        return routes;
    }
}
