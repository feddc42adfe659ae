using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Keys;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Keys;

/// <summary>The operator's key rotations, each audited in the operator log before it runs (fail closed).</summary>
public sealed class KeyAdministrationGrain(TenantKeyring keyring, IKeyEncryptionKeyProvider keks, ITenantKeyStore store) : Grain, IKeyAdministrationGrain
{
    private IAuditLogGrain OperatorLog => GrainFactory.GetAuditLogGrain(GrainKeys.OperatorTenant);

    public Task<KeyStatus> GetStatusAsync() => StatusAsync(0);

    public async Task<KeyStatus> RewrapTenantKeysAsync()
    {
        await OperatorLog.AppendAsync(new AuditEntry("keys.master.rewrap", AuditOutcomes.Success, keks.CurrentKekId));
        return await StatusAsync(await keyring.RewrapAllAsync());
    }

    public async Task<int> RotateTenantKeyAsync(string tenantId)
    {
        if (!GrainKeys.IsValidId(tenantId) || (await store.ReadAsync(tenantId)).Count == 0)
        {
            throw new ResourceNotFoundException();
        }

        await OperatorLog.AppendAsync(new AuditEntry("keys.tenant.rotate", AuditOutcomes.Success, tenantId));
        return await keyring.RotateAsync(tenantId);
    }

    private async Task<KeyStatus> StatusAsync(int rewrapped) =>
        new(keks.CurrentKekId, [.. keks.KekIds], await store.CountByKekAsync(), rewrapped);
}
