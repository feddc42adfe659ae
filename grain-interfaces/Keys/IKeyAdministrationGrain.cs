using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Keys;

/// <summary>Operator key management: master-key rotation (re-wrap) and tenant key rotation. Key: <c>0</c>.</summary>
[Alias("omniops.key-administration")]
public interface IKeyAdministrationGrain : IGrainWithIntegerKey
{
    [Alias("status"), RequiresScope(Scopes.OpsKeys)]
    Task<KeyStatus> GetStatusAsync();

    /// <summary>Re-wraps every tenant key under the current master key; afterwards earlier master keys can be retired.</summary>
    [Alias("rewrap"), RequiresScope(Scopes.OpsKeys)]
    Task<KeyStatus> RewrapTenantKeysAsync();

    /// <summary>Adds a key version for the tenant; new encryptions use it, older versions still open what they sealed.</summary>
    [Alias("rotate-tenant-key"), RequiresScope(Scopes.OpsKeys)]
    Task<int> RotateTenantKeyAsync(string tenantId);
}
