using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>A fulfillment of an order: carrier, tracking and its status.</summary>
public sealed record ShipmentResponse(string? Carrier, string? TrackingNumber, string? TrackingUrl, string? Status)
{
    public static ShipmentResponse From(Shipment shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        return new(shipment.Carrier, shipment.TrackingNumber, shipment.TrackingUrl, shipment.Status);
    }
}
