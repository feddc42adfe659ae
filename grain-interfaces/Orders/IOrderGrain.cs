using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>
/// One order of a tenant: order, shipping, return and refund data from shop webhooks, sealed under the ordering
/// customer's key. Key: <c>{tenantId}/{orderId}</c>, the order id being a keyed hash of the shop's order id.
/// </summary>
[TenantScoped, Alias("omniops.order")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Applies a shop event once per delivery id; <paramref name="customerRef"/> is the ordering customer's ref.</summary>
    [Alias("apply"), RequiresScope(Scopes.ChannelsIngest)]
    Task<OrderEventResult> ApplyAsync(string channel, string? customerRef, OrderEvent orderEvent);

    [Alias("get"), RequiresScope(Scopes.OrdersRead)]
    Task<OrderView> GetAsync();

    /// <summary>Removes the order (its storage row, not a tombstone) and destroys any key of its own; true when it existed.</summary>
    [Alias("erase"), RequiresScope(Scopes.PrivacyErase)]
    Task<bool> EraseAsync();
}
