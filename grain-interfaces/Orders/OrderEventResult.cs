namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>
/// The order an event was applied to. <see cref="Duplicate"/>: this delivery was applied before. <see cref="Stale"/>:
/// recorded, but an equally new or newer snapshot was already held (webhooks arrive out of order).
/// </summary>
[GenerateSerializer, Alias("omniops.order-event-result")]
public sealed record OrderEventResult(
    [property: Id(0)] string OrderId,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] bool Stale);
