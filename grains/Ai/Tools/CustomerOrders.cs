using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// The conversation customer's orders as a draft sees them, and finding one of them by what a tool argument names:
/// the order's id, or the shop's order number ("#1001", "1001"). Only the customer's own orders are looked at (the
/// newest <see cref="MaxOrders"/>), so an order of anyone else is never found. Read as the caller, under the isolation
/// filter, once per draft.
/// </summary>
public static class CustomerOrders
{
    public const int MaxOrders = 50;

    /// <summary>
    /// The customer's newest orders, read concurrently (each a call to its order grain), in the customer record's
    /// order; an order erased since is left out.
    /// </summary>
    public static async Task<IReadOnlyList<OrderView>> ReadAsync(IGrainFactory grains, string tenantId, CustomerView customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var orders = await Task.WhenAll(customer.OrderIds.TakeLast(MaxOrders).Select(orderId => ReadOrderAsync(grains, tenantId, orderId)));
        return [.. orders.OfType<OrderView>()];
    }

    /// <summary>The orders of the draft's customer: those the draft read, or (the first time a tool asks without them) read now and kept for the draft.</summary>
    public static async Task<IReadOnlyList<OrderView>> OfAsync(IGrainFactory grains, AiToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Orders is { } held)
        {
            return held;
        }

        if (!GrainKeys.IsValidId(context.CustomerRef))
        {
            return [];
        }

        var customer = await grains.GetCustomerGrain(context.TenantId, context.CustomerRef).GetAsync();
        return context.Orders = await ReadAsync(grains, context.TenantId, customer);
    }

    /// <summary>The order of the draft's customer that <paramref name="order"/> names (its id or its number), or null.</summary>
    public static async Task<OrderView?> FindAsync(IGrainFactory grains, AiToolContext context, string? order)
    {
        var wanted = order?.Trim();
        if (string.IsNullOrEmpty(wanted) || wanted.Length > 128)
        {
            return null;
        }

        var orders = await OfAsync(grains, context);
        var number = wanted.TrimStart('#');
        return orders.FirstOrDefault(o => string.Equals(o.OrderId, wanted, StringComparison.Ordinal))
            ?? orders.FirstOrDefault(o => string.Equals(o.OrderId, number, StringComparison.OrdinalIgnoreCase)
                || (o.Snapshot?.Name is { } name && string.Equals(name.TrimStart('#'), number, StringComparison.OrdinalIgnoreCase)));
    }

    private static async Task<OrderView?> ReadOrderAsync(IGrainFactory grains, string tenantId, string orderId)
    {
        try
        {
            return await grains.GetOrderGrain(tenantId, orderId).GetAsync();
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
