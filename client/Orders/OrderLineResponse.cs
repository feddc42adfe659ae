using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>One line of an order.</summary>
public sealed record OrderLineResponse(string ExternalId, string Title, int Quantity, string? Price, string? Sku)
{
    public static OrderLineResponse From(OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new(line.ExternalId, line.Title, line.Quantity, line.Price, line.Sku);
    }
}
