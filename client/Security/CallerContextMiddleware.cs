using Microsoft.AspNetCore.Http;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Runs after authorization: the request's <see cref="CallerContext"/> (what the grains' isolation filter checks) is
/// derived from the authenticated principal here and nowhere else; an anonymous request carries none. After a tenant's
/// caller changed something (any method but GET and HEAD), this gateway forgets the tenant's directory entry, so a key
/// revoked or an integration disconnected here is refused here at once (other gateways: within
/// <see cref="GatewayOptions.DirectoryCacheSeconds"/>).
/// </summary>
public sealed class CallerContextMiddleware(RequestDelegate next, TenantDirectoryCache directory)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var caller = CallerClaims.ToCaller(context.User);
        CallerContext.Current = caller;
        try
        {
            await next(context);
        }
        finally
        {
            if (caller?.TenantId is { } tenantId && caller.Kind != ActorKind.DataSubject && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                directory.Invalidate(tenantId);
            }
        }
    }
}
