namespace Omniops.Actors.GrainInterfaces.Catalogue;

/// <summary>A product delivery from a shop platform; <see cref="DeliveryId"/> is the platform's webhook id.</summary>
[GenerateSerializer, Alias("omniops.product-event")]
public sealed record ProductEvent(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string Topic,
    [property: Id(2)] ProductRecord Product);
