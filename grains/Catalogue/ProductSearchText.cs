using Omniops.Actors.GrainInterfaces.Catalogue;

namespace Omniops.Actors.Grains.Catalogue;

/// <summary>The text a product is found by: its searchable fields, lower-cased, one per line.</summary>
public static class ProductSearchText
{
    public static string Of(ProductRecord product) => string.Join('\n',
        new[] { product.Title, product.Handle, product.Vendor, product.ProductType }
            .Concat(product.Tags)
            .Concat(product.Variants.SelectMany(v => new[] { v.Sku, v.Title }))
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => v!.ToLowerInvariant()));
}
