namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The embedded node keeps no rows: its grain state, reminders and keys live in memory and end with the process.
/// Offboarding there still closes the tenant, deletes its conversations through the message store and erases the
/// tenant grain and its directory entry, so the tenant is unknown afterwards; this store has nothing to delete.
/// </summary>
public sealed class InMemoryTenantDataPurger : ITenantDataPurger
{
    public Task<int> DeleteGrainRowsAsync(string tenantId, string keepKey, int limit, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DeleteTenantRowsAsync(string tenantId, string keepRequestId, int limit, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DeleteRemindersAsync(string tenantId, string keepGrainId, int limit, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DeleteQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DestroyTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DestroyTenantKeysAndQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default) => Task.FromResult(0);
}
