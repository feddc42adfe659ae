using System.Globalization;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Grains.Orders;

/// <summary>
/// What is left to refund on an order: its current total, less the shop's own refunds and the refunds the merchant's
/// side already approved. Unknown when the order has no total yet (then nothing may be refunded).
/// </summary>
public static class Refundable
{
    public static decimal? Remaining(OrderSnapshot? snapshot, IEnumerable<RefundRecord> refunds, IEnumerable<MerchantAction> approved)
    {
        if (snapshot?.TotalPrice is not { } total || !decimal.TryParse(total, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        foreach (var refund in refunds)
        {
            if (decimal.TryParse(refund.Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var paid))
            {
                value -= Math.Abs(paid);
            }
        }

        foreach (var action in approved)
        {
            if (action.Kind == ActionKinds.Refund && action.Amount is { } amount)
            {
                value -= amount;
            }
        }

        return Math.Max(0m, value);
    }

    public static bool IsCancelled(OrderSnapshot? snapshot, IEnumerable<MerchantAction> approved) =>
        snapshot?.CancelledAt is not null || approved.Any(a => a.Kind == ActionKinds.Cancellation);
}
