using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        routes.MapGet("/v1/orders/{orderId}", GetAsync).RequireAuthorization(Policies.Scope(Scopes.OrdersRead))
            .WithName("GetOrder").WithSummary("The shop's latest snapshot of the order and its refunds (decrypted).");
        return routes;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(string orderId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(orderId))
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(OrderResponse.From(await grains.GetOrderGrain(CallerContext.Current!.TenantId!, orderId).GetAsync()));
    }
}
