using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>Form posts that render nothing: sign-out (antiforgery-checked through the form binding, the session's own).</summary>
public static class DashboardForms
{
    public static IEndpointRouteBuilder MapDashboardForms(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sign-out", async (HttpContext context, IFormCollection form, DashboardSessions sessions) =>
            {
                _ = form;
                await sessions.SignOutAsync(context);
                return Results.Redirect("/sign-in");
            })
            .RequireAuthorization(Policies.Member).WithMetadata(new DashboardPageMetadata()).ExcludeFromDescription();
        return routes;
    }
}
