namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Set-based, paged deletes of everything a tenant owns, for its offboarding: each call removes at most
/// <c>limit</c> rows and answers how many, so the caller loops until nothing is left and never holds the tenant in memory.
/// </summary>
public interface ITenantDataPurger
{
    /// <summary>Orleans state rows and tombstones whose key starts with <c>{tenantId}/</c>, except <paramref name="keepKey"/>.</summary>
    Task<int> DeleteGrainRowsAsync(string tenantId, string keepKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Rows of the tenant's own tables (<see cref="PostgresTenantDataPurger.ErasedTables"/>) and its privacy-request queue except <paramref name="keepRequestId"/>.</summary>
    Task<int> DeleteTenantRowsAsync(string tenantId, string keepRequestId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reminders of the tenant's grains, except the one of <paramref name="keepGrainId"/> (GrainId text, <c>type/key</c>).</summary>
    Task<int> DeleteRemindersAsync(string tenantId, string keepGrainId, int limit, CancellationToken cancellationToken = default);

    /// <summary>The tenant's privacy-request queue row of <paramref name="requestId"/> (the last one, at completion).</summary>
    Task<int> DeleteQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default);

    /// <summary>Destroys every version of the tenant key: whatever it sealed and was not erased is unreadable from then on.</summary>
    Task<int> DestroyTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Offboarding's last step in one round trip and one transaction: every version of the tenant key, then the
    /// request's own queue row. Returns how many key versions were destroyed.
    /// </summary>
    Task<int> DestroyTenantKeysAndQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default);
}
