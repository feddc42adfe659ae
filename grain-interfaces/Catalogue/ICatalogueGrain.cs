using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Catalogue;

/// <summary>
/// A tenant's product catalogue (merchant business data from the shop's product webhooks), kept in a tenant-bound
/// table. Key: <c>{tenantId}</c>.
/// </summary>
[TenantScoped, Alias("omniops.catalogue")]
public interface ICatalogueGrain : IGrainWithStringKey
{
    /// <summary>Stores the product unless a newer version is held; a redelivery of the last applied delivery is a duplicate.</summary>
    [Alias("apply"), RequiresScope(Scopes.ChannelsIngest)]
    Task<ProductEventResult> ApplyAsync(ProductEvent productEvent);

    /// <summary>Products whose title, handle, vendor, type, tags or variant SKUs/titles contain <paramref name="query"/>; at most <paramref name="limit"/> (≤ 10).</summary>
    [Alias("search"), RequiresScope(Scopes.OrdersRead)]
    Task<IReadOnlyList<ProductRecord>> SearchAsync(string query, int limit);
}
