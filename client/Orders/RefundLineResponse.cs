using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>A refunded quantity of one order line.</summary>
public sealed record RefundLineResponse(string ExternalLineId, int Quantity, string? Subtotal)
{
    public static RefundLineResponse From(RefundLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new(line.ExternalLineId, line.Quantity, line.Subtotal);
    }
}
