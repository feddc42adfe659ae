using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        routes.MapGet("/v1/customers/{customerRef}", GetAsync).RequireAuthorization(Policies.Scope(Scopes.ConversationsRead))
            .WithName("GetCustomer")
            .WithSummary($"Contact details (decrypted), the {CustomerResponse.MaxListedIds} most recent conversation and order ids, and how many there are.");
        return routes;
    }

    private static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetAsync(string customerRef, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(customerRef))
        {
            return Problems.NotFound();
        }

        return TypedResults.Ok(CustomerResponse.From(await grains.GetCustomerGrain(CallerContext.Current!.TenantId!, customerRef).GetAsync()));
    }
}
