using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// A dashboard page refused to a browser without a valid session sends it to the sign-in page (a relative return path
/// only); a signed-in member whose role does not allow it gets the API's 403 and <c>http.denied</c> event, as a page
/// (<see cref="DashboardRefusal"/>); the data subject's privacy page answers a refused link with its own refusal page
/// (<see cref="SubjectPageAttribute"/>); every other endpoint keeps the API's problem documents.
/// </summary>
public sealed class DashboardAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded && context.GetEndpoint()?.Metadata.GetMetadata<SubjectPageAttribute>() is not null)
        {
            // An expired, forged or unknown privacy link (or none): the privacy page itself renders the one refusal, as
            // 401, with no caller; a form post or a download is sent to it.
            if (HttpMethods.IsGet(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return next(context);
            }

            context.Response.Redirect(PrivacyLinkCookie.Path);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            return Task.CompletedTask;
        }

        if (authorizeResult.Forbidden && IsDashboard(context) && context.User.Identity?.IsAuthenticated == true)
        {
            // A signed-in member whose role does not allow the page: the API's refusal (403, the same http.denied event), as HTML.
            Forbidden.Record(context, context.RequestServices.GetRequiredService<RejectionAudit>());
            return DashboardRefusal.WriteAsync(context);
        }

        if (!authorizeResult.Succeeded && IsDashboard(context))
        {
            var back = context.Request.Path.Value is { Length: > 1 } path && HttpMethods.IsGet(context.Request.Method) ? "?returnUrl=" + Uri.EscapeDataString(path) : "";
            context.Response.Redirect("/sign-in" + back);
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    internal static bool IsDashboard(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata &&
        (metadata.GetMetadata<ComponentTypeMetadata>() is not null || metadata.GetMetadata<DashboardPageMetadata>() is not null ||
         metadata.GetMetadata<SubjectPageAttribute>() is not null);
}
