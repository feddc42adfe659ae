using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The dashboard's and the privacy page's headers: a strict Content-Security-Policy (no inline script or style, no
/// framing, forms only to this origin), no sniffing, no referrer, and no caching of pages that show tenant data; a page's error status keeps its own HTML.
/// </summary>
public sealed class ContentSecurityPolicy(RequestDelegate next)
{
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (DashboardAuthorizationResultHandler.IsDashboard(context))
        {
            Apply(context);
        }

        return next(context);
    }

    /// <summary>The headers of a dashboard response (also for a refusal answered before this middleware runs).</summary>
    internal static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // What antiforgery sets on every page with a form (it logs a warning when it has to override anything else).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        // A page's own "not found" (and other statuses) is HTML: never replaced by the API's problem document.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
    }
}
