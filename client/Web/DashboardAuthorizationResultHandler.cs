using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// A dashboard page refused to a browser without a valid session sends it to the sign-in page (a relative return path
/// only); every other endpoint keeps the API's problem documents.
/// </summary>
public sealed class DashboardAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
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
        (metadata.GetMetadata<ComponentTypeMetadata>() is not null || metadata.GetMetadata<DashboardPageMetadata>() is not null);
}
