using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Grains.Security.Keys;
using Orleans.Serialization;

namespace Omniops.Actors.Grains.Orders;

/// <summary>
/// Opening an order's sealed fields: what <see cref="OrderGrain"/> does for <see cref="IOrderGrain.GetAsync"/>, and
/// what a caller holding the ordering customer's subject key does with <see cref="IOrderGrain.GetSealedAsync"/> (the
/// associated data is the order grain's id, taken from the reference called, never from the answer).
/// </summary>
public static class SealedOrders
{
    /// <summary>Opens <paramref name="order"/>, read from the grain whose id is <paramref name="grainId"/>, with its subject's key.</summary>
    public static OrderView Open(SealedOrderView order, DataKey key, string grainId, Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (snapshot, refunds) = Open(key, grainId, serializer, order.Snapshot is null ? null : EncryptedFieldCodec.FromBytes(order.Snapshot),
            [.. order.Refunds.Select(r => EncryptedFieldCodec.FromBytes(r))], order.RefundIds);
        return new OrderView(order.OrderId, order.CustomerRef, order.Channel, snapshot, refunds) { MerchantActions = order.MerchantActions };
    }

    /// <summary>The snapshot and refunds of the order grain <paramref name="grainId"/>, opened with its subject's key.</summary>
    public static (OrderSnapshot? Snapshot, List<RefundRecord> Refunds) Open(DataKey key, string grainId, Serializer serializer,
        EncryptedField? snapshot, IReadOnlyList<EncryptedField> refunds, IReadOnlyList<string> refundIds)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(refunds);
        ArgumentNullException.ThrowIfNull(refundIds);
        return (snapshot is null ? null : serializer.Deserialize<OrderSnapshot>(FieldCipher.Open(key, grainId, "snapshot", snapshot)),
            [.. refunds.Select((sealedRefund, i) => serializer.Deserialize<RefundRecord>(FieldCipher.Open(key, grainId, "refund/" + refundIds[i], sealedRefund))!)]);
    }

    /// <summary>
    /// The orders <paramref name="orderIds"/> of the customer whose subject key is <paramref name="customerKey"/>, read
    /// concurrently as the caller (each read audited by its order grain) and opened with that key: no key read per
    /// order. An order still sealed under a key of its own is read the usual way; an erased one is left out.
    /// </summary>
    public static async Task<IReadOnlyList<OrderView>> ReadAsync(IGrainFactory grains, string tenantId, string customerRef, IEnumerable<string> orderIds,
        DataKey customerKey, Serializer serializer)
    {
        var orders = await Task.WhenAll(orderIds.Select(async orderId =>
        {
            var grain = grains.GetOrderGrain(tenantId, orderId);
            try
            {
                var held = await grain.GetSealedAsync();
                return held.SubjectId == customerRef ? Open(held, customerKey, grain.GetGrainId().ToString(), serializer) : await grain.GetAsync();
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }
        }));
        return [.. orders.OfType<OrderView>()];
    }
}
