namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>
/// An order as stored: its snapshot and refunds still sealed under the key of <see cref="SubjectId"/> (the customer's
/// ref, or the order's own id before a customer was named), for a caller that already holds that subject's key (a
/// conversation of the same customer, drafting a reply) and so opens it without reading the key again. Sealed bytes
/// only: nothing here is readable without the key.
/// </summary>
[GenerateSerializer, Alias("omniops.sealed-order-view")]
public sealed record SealedOrderView(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string? CustomerRef,
    [property: Id(2)] string Channel,
    [property: Id(3)] string SubjectId,
    [property: Id(4)] byte[]? Snapshot,
    [property: Id(5)] IReadOnlyList<byte[]> Refunds,
    [property: Id(6)] IReadOnlyList<string> RefundIds,
    [property: Id(7)] IReadOnlyList<MerchantAction> MerchantActions)
{
    public override string ToString() => $"SealedOrderView {{ OrderId = {OrderId} }}";
}
