namespace Omniops.Actors.GrainInterfaces.Catalogue;

/// <summary>
/// The product a delivery was applied to. <see cref="Duplicate"/>: the delivery was the last one applied to it.
/// <see cref="Stale"/>: an equally new or newer version of the product was already held (webhooks arrive out of order).
/// </summary>
[GenerateSerializer, Alias("omniops.product-event-result")]
public sealed record ProductEventResult(
    [property: Id(0)] string ProductId,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] bool Stale);
