using Omniops.Actors.GrainInterfaces.Catalogue;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Catalogue;

/// <summary>The embedded node's catalogue: the same semantics as PostgreSQL, gone with the process.</summary>
public sealed class InMemoryProductCatalogueStore : IProductCatalogueStore, IInMemoryTenantRows
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Product), (string DeliveryId, ProductRecord Product, string Text)> _products = [];

    public Task<(bool Duplicate, bool Stale)> UpsertAsync(string tenantId, string deliveryId, ProductRecord product, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_products.TryGetValue((tenantId, product.ProductId), out var held))
            {
                if (held.DeliveryId == deliveryId)
                {
                    return Task.FromResult((true, false));
                }

                if (held.Product.UpdatedAt >= product.UpdatedAt)
                {
                    return Task.FromResult((false, true));
                }
            }

            _products[(tenantId, product.ProductId)] = (deliveryId, product, ProductSearchText.Of(product));
            return Task.FromResult((false, false));
        }
    }

    public Task<IReadOnlyList<ProductRecord>> SearchAsync(string tenantId, string query, int limit, CancellationToken cancellationToken = default)
    {
        var needle = query.ToLowerInvariant();
        lock (_lock)
        {
            IReadOnlyList<ProductRecord> found = [.. _products
                .Where(p => p.Key.Tenant == tenantId && p.Value.Text.Contains(needle, StringComparison.Ordinal))
                .Select(p => p.Value.Product)
                .OrderBy(p => p.Title, StringComparer.Ordinal).ThenBy(p => p.ProductId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(found);
        }
    }

    public int ForgetTenant(string tenantId)
    {
        lock (_lock)
        {
            return InMemoryRows.Forget(_products, k => k.Tenant == tenantId);
        }
    }
}
