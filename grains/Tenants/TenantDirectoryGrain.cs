using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Tenants;

/// <summary>
/// One shard of the tenant directory. Its state is a projection that each <see cref="TenantGrain"/> publishes after
/// changing its keys, integrations or status; the tenant grain stays the owner. A lookup of an id nobody created
/// answers null from memory: it creates nothing and writes nothing.
/// </summary>
public sealed class TenantDirectoryGrain(
    [PersistentState(StateNames.TenantDirectory, StorageNames.Main)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public Task<TenantDirectoryEntry?> LookupAsync(string tenantId) =>
        Task.FromResult(state.State.Tenants.GetValueOrDefault(tenantId));

    public Task<IReadOnlyList<TenantIntegrations>> ListAsync() =>
        Task.FromResult<IReadOnlyList<TenantIntegrations>>([.. state.State.Tenants.Values.Where(e => e.Active).Select(e => new TenantIntegrations(e.TenantId, e.Integrations))]);

    public async Task PublishAsync(TenantDirectoryEntry entry)
    {
        if (GrainKeys.TenantDirectoryShard(entry.TenantId) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The entry belongs to another shard.", nameof(entry));
        }

        if (state.State.Tenants.TryGetValue(entry.TenantId, out var recorded) && recorded.Version >= entry.Version)
        {
            return;
        }

        state.State.Tenants[entry.TenantId] = entry;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string tenantId)
    {
        if (state.State.Tenants.Remove(tenantId))
        {
            await state.WriteStateAsync();
        }
    }
}
