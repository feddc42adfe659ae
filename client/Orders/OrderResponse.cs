using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>
/// <c>GET /v1/orders/{orderId}</c>: the shop's latest snapshot (absent until one arrived) and the refunds. Both are
/// bounded by the shop's own order: its lines, fulfillments and refunds.
/// </summary>
public sealed record OrderResponse(string OrderId, string? CustomerRef, string Channel, OrderSnapshotResponse? Snapshot, IReadOnlyList<RefundResponse> Refunds)
{
    public static OrderResponse From(OrderView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.OrderId, view.CustomerRef, view.Channel, view.Snapshot is { } snapshot ? OrderSnapshotResponse.From(snapshot) : null,
            [.. view.Refunds.Select(RefundResponse.From)]) { MerchantActions = view.MerchantActions };
    }

    /// <summary>Refunds and cancellations a tenant's reviewer approved (proposed actions), recorded for the shop to carry out.</summary>
    public IReadOnlyList<MerchantAction> MerchantActions { get; init; } = [];

    public override string ToString() => $"OrderResponse {{ OrderId = {OrderId} }}";
}
