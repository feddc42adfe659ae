using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// A dashboard page's check of the same authorization policy the matching HTTP route names
/// (<see cref="Policies.Scope"/>): a member whose role lacks the scope gets the API's refusal — status 403, the same
/// title and detail, the same <c>http.denied</c> audit event (with the page's route) — as an HTML page.
/// </summary>
public sealed class DashboardAccess(IAuthorizationService authorization, RejectionAudit rejections)
{
    public async Task<bool> AllowsAsync(HttpContext context, string scope)
    {
        ArgumentNullException.ThrowIfNull(context);
        if ((await authorization.AuthorizeAsync(context.User, Policies.Scope(scope))).Succeeded)
        {
            return true;
        }

        Forbidden.Record(context, rejections);
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return false;
    }
}
