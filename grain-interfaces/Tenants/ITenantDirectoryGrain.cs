using Omniops.Actors.GrainInterfaces.Security;
using Orleans.Concurrency;

namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>
/// One shard of the cluster-wide tenant directory (key: <see cref="GrainKeys.TenantDirectoryShard"/>): which tenants
/// exist, their live API-key digests and connected integrations. The gateway consults it to authenticate keys and to
/// admit webhooks, so an unknown tenant id costs a read of a fixed set of grains — never a tenant, credential or any
/// other activation, and never a row. Reads interleave; only the tenant grains write.
/// </summary>
[Alias("omniops.tenant-directory")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The tenant's entry, or null when no such tenant exists.</summary>
    [Alias("lookup"), ReadOnly, RequiresScope(Scopes.Authenticate)]
    Task<TenantDirectoryEntry?> LookupAsync(string tenantId);

    /// <summary>The shard's active tenants and their integrations (for incident reports); no key digests.</summary>
    [Alias("list"), ReadOnly, RequiresScope(Scopes.OpsIncidents)]
    Task<IReadOnlyList<TenantIntegrations>> ListAsync();

    /// <summary>Records the tenant's current entry unless a newer version is already recorded.</summary>
    [Alias("publish"), RequiresScope(Scopes.DirectoryPublish)]
    Task PublishAsync(TenantDirectoryEntry entry);

    /// <summary>Forgets an erased tenant: its id is then unknown, as if never created.</summary>
    [Alias("remove"), RequiresScope(Scopes.DirectoryPublish)]
    Task RemoveAsync(string tenantId);
}
