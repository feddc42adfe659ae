using System.ComponentModel;
using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Catalogue;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>Product lookup in the draft's tenant's own catalogue (as the requesting agent; the catalogue is tenant-bound). One instance per silo.</summary>
public sealed class ProductTools(IGrainFactory grains)
{
    [KernelFunction("search_products")]
    [Description("Searches the shop's product catalogue by words of a product's title, type, vendor or tags, or by SKU. Returns at most 10 products with their variants, prices and stock.")]
    public async Task<IReadOnlyList<ProductMatch>> SearchProductsAsync(
        Kernel kernel,
        [Description("Words or a SKU to look for.")] string query,
        [Description("How many products at most (1-10).")] int limit = 5)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Trim().Length > CatalogueRules.MaxQueryLength)
        {
            return [];
        }

        var products = await grains.GetCatalogueGrain(AiToolContext.Of(kernel).TenantId).SearchAsync(query, Math.Clamp(limit, 1, CatalogueRules.MaxResults));
        return [.. products.Select(p => new ProductMatch(p.Title, p.Handle, p.Status, p.Vendor, p.ProductType, p.Tags,
            [.. p.Variants.Select(v => new VariantMatch(v.Sku, v.Title, v.Price, v.InventoryQuantity, v.Available))]))];
    }
}
