using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// Finds an order of the conversation's customer by what a tool argument names: the order's id, or the shop's order
/// number ("#1001", "1001"). Only the customer's own orders are looked at (the newest <see cref="MaxOrders"/>), so an
/// order of anyone else is never found.
/// </summary>
public static class CustomerOrders
{
    public const int MaxOrders = 50;

    public static async Task<string?> FindAsync(IGrainFactory grains, AiToolContext context, string? order)
    {
        var wanted = order?.Trim();
        if (string.IsNullOrEmpty(wanted) || wanted.Length > 128 || !GrainKeys.IsValidId(context.CustomerRef))
        {
            return null;
        }

        var customer = await grains.GetCustomerGrain(context.TenantId, context.CustomerRef).GetAsync();
        var ids = customer.OrderIds.TakeLast(MaxOrders).ToList();
        if (ids.Contains(wanted, StringComparer.Ordinal))
        {
            return wanted;
        }

        var number = wanted.TrimStart('#');
        foreach (var id in ids)
        {
            try
            {
                var view = await grains.GetOrderGrain(context.TenantId, id).GetAsync();
                if (view.Snapshot?.Name is { } name && string.Equals(name.TrimStart('#'), number, StringComparison.OrdinalIgnoreCase))
                {
                    return id;
                }
            }
            catch (ResourceNotFoundException)
            {
                // An order erased since: not a match.
            }
        }

        return null;
    }
}
