namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Set-based, paged deletes of everything a tenant owns, for its offboarding: each page removes at most a limit of
/// rows per table and answers how many, so the caller loops until nothing is left and never holds the tenant in memory.
/// </summary>
public interface ITenantDataPurger
{
    /// <summary>
    /// One page of every kind in <see cref="TenantPageRequest.Kinds"/>, in one round trip and one transaction where the
    /// store has them (a page leaves whole or not at all), with the probe for the next page of conversations.
    /// </summary>
    Task<TenantPage> DeletePageAsync(string tenantId, TenantPageRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Offboarding's last step in one round trip and one transaction: every version of the tenant key, then the
    /// request's own queue row. Returns how many key versions were destroyed.
    /// </summary>
    Task<int> DestroyTenantKeysAndQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default);
}
