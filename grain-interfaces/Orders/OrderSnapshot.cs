namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>An order as the shop last described it (orders/create, orders/updated).</summary>
[GenerateSerializer, Alias("omniops.order-snapshot")]
public sealed record OrderSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Currency,
    [property: Id(2)] string? TotalPrice,
    [property: Id(3)] string? FinancialStatus,
    [property: Id(4)] string? FulfillmentStatus,
    [property: Id(5)] DateTimeOffset? CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset? CancelledAt,
    [property: Id(8)] string? CancelReason,
    [property: Id(9)] PostalAddress? ShippingAddress,
    [property: Id(10)] IReadOnlyList<OrderLine> Lines,
    [property: Id(11)] IReadOnlyList<Shipment> Shipments)
{
    public override string ToString() => "OrderSnapshot { [content withheld] }";
}
