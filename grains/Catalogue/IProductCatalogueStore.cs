using Omniops.Actors.GrainInterfaces.Catalogue;

namespace Omniops.Actors.Grains.Catalogue;

/// <summary>A tenant's product catalogue (merchant business data), bound to its tenant.</summary>
public interface IProductCatalogueStore
{
    /// <summary>
    /// Stores <paramref name="product"/> unless a version at least as new is held. Duplicate: the held version came
    /// with <paramref name="deliveryId"/> (nothing written). Stale: not written because a newer version is held.
    /// </summary>
    Task<(bool Duplicate, bool Stale)> UpsertAsync(string tenantId, string deliveryId, ProductRecord product, CancellationToken cancellationToken = default);

    /// <summary>Products matching <paramref name="query"/> (case-insensitive substring of title, handle, vendor, type, tags, SKUs, variant titles), by title.</summary>
    Task<IReadOnlyList<ProductRecord>> SearchAsync(string tenantId, string query, int limit, CancellationToken cancellationToken = default);
}
