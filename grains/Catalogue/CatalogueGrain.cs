using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Catalogue;
using Omniops.Actors.GrainInterfaces.Errors;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Catalogue;

/// <summary>
/// A tenant's catalogue: stateless and reentrant (the table is the state, its upsert the arbiter of versions), so
/// product deliveries and lookups never queue behind each other here.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class CatalogueGrain(IProductCatalogueStore store) : Grain, ICatalogueGrain
{
    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    public async Task<ProductEventResult> ApplyAsync(ProductEvent productEvent)
    {
        CatalogueRules.Validate(productEvent);
        var (duplicate, stale) = await store.UpsertAsync(TenantId, productEvent.DeliveryId, productEvent.Product);
        return new ProductEventResult(productEvent.Product.ProductId, duplicate, stale);
    }

    public async Task<IReadOnlyList<ProductRecord>> SearchAsync(string query, int limit)
    {
        query = (query ?? string.Empty).Trim();
        if (query.Length is 0 or > CatalogueRules.MaxQueryLength)
        {
            throw new RequestValidationException($"A product search needs 1-{CatalogueRules.MaxQueryLength} characters.");
        }

        return await store.SearchAsync(TenantId, query, Math.Clamp(limit, 1, CatalogueRules.MaxResults));
    }
}
