using Omniops.Actors.GrainInterfaces.Channels;

namespace Omniops.Actors.GrainInterfaces.Orders;

/// <summary>
/// One shop webhook about an order, normalised: the platform's delivery id (the idempotency key), the order, and
/// either a new <see cref="Snapshot"/> of it or a <see cref="Refund"/>. <see cref="Customer"/> is who ordered
/// (absent for some guest or redacted orders).
/// </summary>
[GenerateSerializer, Alias("omniops.order-event")]
public sealed record OrderEvent(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string Topic,
    [property: Id(2)] string ExternalOrderId,
    [property: Id(3)] InboundContact? Customer,
    [property: Id(4)] OrderSnapshot? Snapshot,
    [property: Id(5)] RefundRecord? Refund)
{
    public override string ToString() => $"OrderEvent {{ Topic = {Topic} }}";
}
