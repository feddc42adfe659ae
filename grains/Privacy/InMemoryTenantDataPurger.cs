using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The embedded node's offboarding deletes: its records live in memory, so the tenant's are removed from every
/// in-memory store that holds them (<see cref="IInMemoryTenantRows"/>: subject keys, the subject index, compliance
/// records, the order index, the product catalogue, privacy links) and from the privacy-request queue except the
/// running request's; the tenant key's versions go last. Grain state lives in Orleans' memory storage, which cannot be
/// listed: the tenant's grains that the offboarding does not erase one by one keep their state until the process
/// ends, sealed under keys that are gone by then.
/// </summary>
public sealed class InMemoryTenantDataPurger(IEnumerable<IInMemoryTenantRows> stores, InMemoryPrivacyRequestStore requests, InMemoryTenantKeyStore tenantKeys)
    : ITenantDataPurger
{
    public Task<int> DeleteGrainRowsAsync(string tenantId, string keepKey, int limit, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DeleteTenantRowsAsync(string tenantId, string keepRequestId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(stores.Sum(store => store.ForgetTenant(tenantId)) + requests.ForgetTenant(tenantId, keepRequestId));

    public Task<int> DeleteRemindersAsync(string tenantId, string keepGrainId, int limit, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> DeleteQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default) =>
        Task.FromResult(requests.ForgetRequest(tenantId, requestId));

    public Task<int> DestroyTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default) => Task.FromResult(tenantKeys.DestroyTenant(tenantId));

    public Task<int> DestroyTenantKeysAndQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default)
    {
        requests.ForgetRequest(tenantId, requestId);
        return Task.FromResult(tenantKeys.DestroyTenant(tenantId));
    }
}
