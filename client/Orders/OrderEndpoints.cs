using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Orders;

/// <summary>An order as an agent sees it: the shop's latest snapshot (status, lines, shipping, tracking) and refunds.</summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/orders/{orderId}", async (string orderId, IGrainFactory grains) =>
        {
            if (!GrainKeys.IsValidId(orderId))
            {
                return Problems.NotFound();
            }

            var order = await grains.GetOrderGrain(CallerContext.Current!.TenantId!, orderId).GetAsync();
            return Results.Json(order, GatewayJson.Options);
        }).RequireAuthorization(Policies.Scope(Scopes.OrdersRead));
        return routes;
    }
}
