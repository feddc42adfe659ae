namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>A product as the lookup tool returns it.</summary>
public sealed record ProductMatch(string Title, string? Handle, string? Status, string? Vendor, string? ProductType, IReadOnlyList<string> Tags, IReadOnlyList<VariantMatch> Variants);
