namespace Omniops.Actors.GrainInterfaces.Catalogue;

/// <summary>One variant of a product, as much of it as product lookup needs.</summary>
[GenerateSerializer, Alias("omniops.product-variant")]
public sealed record ProductVariant(
    [property: Id(0)] string? Sku,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Price,
    [property: Id(3)] int? InventoryQuantity,
    [property: Id(4)] bool Available);
