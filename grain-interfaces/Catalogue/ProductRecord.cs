namespace Omniops.Actors.GrainInterfaces.Catalogue;

/// <summary>
/// A product of the merchant's catalogue (products/create, products/update): merchant business data, no personal
/// data. Tags are the shop's comma-separated list, split.
/// </summary>
[GenerateSerializer, Alias("omniops.product")]
public sealed record ProductRecord(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Handle,
    [property: Id(3)] string? Status,
    [property: Id(4)] string? Vendor,
    [property: Id(5)] string? ProductType,
    [property: Id(6)] IReadOnlyList<string> Tags,
    [property: Id(7)] IReadOnlyList<ProductVariant> Variants,
    [property: Id(8)] DateTimeOffset UpdatedAt);
