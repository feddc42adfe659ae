using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>An order as the shop last described it; prices stay the platform's decimal strings, in the order's currency.</summary>
public sealed record OrderSnapshotResponse(
    string Name,
    string? Currency,
    string? TotalPrice,
    string? FinancialStatus,
    string? FulfillmentStatus,
    DateTimeOffset? CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CancelledAt,
    string? CancelReason,
    PostalAddressResponse? ShippingAddress,
    IReadOnlyList<OrderLineResponse> Lines,
    IReadOnlyList<ShipmentResponse> Shipments)
{
    public static OrderSnapshotResponse From(OrderSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new(snapshot.Name, snapshot.Currency, snapshot.TotalPrice, snapshot.FinancialStatus, snapshot.FulfillmentStatus, snapshot.CreatedAt,
            snapshot.UpdatedAt, snapshot.CancelledAt, snapshot.CancelReason,
            snapshot.ShippingAddress is { } address ? PostalAddressResponse.From(address) : null,
            [.. snapshot.Lines.Select(OrderLineResponse.From)], [.. snapshot.Shipments.Select(ShipmentResponse.From)]);
    }

    public override string ToString() => "OrderSnapshotResponse { [content withheld] }";
}
