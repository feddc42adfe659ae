namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>A refunded quantity of one order line.</summary>
[GenerateSerializer, Alias("omniops.refund-line")]
public sealed record RefundLine(
    [property: Id(0)] string ExternalLineId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] string? Subtotal);
