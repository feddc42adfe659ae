namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>One line of an order. Prices stay the platform's decimal strings, in the order's currency.</summary>
[GenerateSerializer, Alias("omniops.order-line")]
public sealed record OrderLine(
    [property: Id(0)] string ExternalId,
    [property: Id(1)] string Title,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string? Price,
    [property: Id(4)] string? Sku);
