using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Customers;

/// <summary>A data subject as an agent sees it: contact details (decrypted), conversations, orders.</summary>
public static class CustomerEndpoints
{
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/customers/{customerRef}", async (string customerRef, IGrainFactory grains) =>
        {
            if (!GrainKeys.IsValidId(customerRef))
            {
                return Problems.NotFound();
            }

            var customer = await grains.GetCustomerGrain(CallerContext.Current!.TenantId!, customerRef).GetAsync();
            return Results.Json(customer, GatewayJson.Options);
        }).RequireAuthorization(Policies.Scope(Scopes.ConversationsRead));
        return routes;
    }
}
