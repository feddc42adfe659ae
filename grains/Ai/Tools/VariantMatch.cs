namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>A product variant as the lookup tool returns it.</summary>
public sealed record VariantMatch(string? Sku, string? Title, string? Price, int? InventoryQuantity, bool Available);
