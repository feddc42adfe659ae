using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// A Shopify order webhook's 200: the order it was applied to. <see cref="Duplicate"/>: this delivery was applied before.
/// <see cref="Stale"/>: recorded, but an equally new or newer snapshot was already held.
/// </summary>
public sealed record ShopifyOrderResponse(string OrderId, bool Duplicate, bool Stale)
{
    public static ShopifyOrderResponse From(OrderEventResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.OrderId, result.Duplicate, result.Stale);
    }
}
