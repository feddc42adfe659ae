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

    /// <summary>
    /// The order as stored, still sealed (audited as a read like <see cref="GetAsync"/>): for a caller that holds the
    /// subject's key already, so that reading a customer's orders does not read that key once per order.
    /// </summary>
    [Alias("get-sealed"), RequiresScope(Scopes.OrdersRead)]
    Task<SealedOrderView> GetSealedAsync();

    /// <summary>Removes the order (its storage row, not a tombstone) and destroys any key of its own; true when it existed.</summary>
    [Alias("erase"), RequiresScope(Scopes.PrivacyErase)]
    Task<bool> EraseAsync();

    /// <summary>
    /// Records a merchant-initiated refund or cancellation request (an approved action) once per action id. Refused
    /// (400) unless the order is <paramref name="customerRef"/>'s, a refund's currency is the order's and its amount at
    /// most what is left to refund, and a cancelled order is not cancelled again.
    /// </summary>
    [Alias("record-merchant-action"), RequiresScope(Scopes.ConversationsWrite)]
    Task RecordMerchantActionAsync(string customerRef, MerchantAction action);
}
