namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>A fulfillment of an order: carrier, tracking and its status.</summary>
[GenerateSerializer, Alias("omniops.shipment")]
public sealed record Shipment(
    [property: Id(0)] string? Carrier,
    [property: Id(1)] string? TrackingNumber,
    [property: Id(2)] string? TrackingUrl,
    [property: Id(3)] string? Status);
