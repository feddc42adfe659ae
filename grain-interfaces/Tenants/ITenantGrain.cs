using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>One merchant (tenant): profile, settings, API keys and lifecycle. Key: <c>{tenantId}</c>.</summary>
[TenantScoped, Alias("omniops.tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant and its first admin key (shown once).</summary>
    [Alias("create"), RequiresScope(Scopes.OpsTenantsCreate)]
    Task<TenantCreated> CreateAsync(TenantCreation creation);

    [Alias("get"), RequiresScope(Scopes.TenantRead)]
    Task<TenantView> GetAsync();

    /// <summary>The tenant's AI settings alone (<c>ai.*</c>): what the AI pipeline checks before every provider call, without the rest of the tenant's view.</summary>
    [Alias("get-ai-settings"), RequiresScope(Scopes.TenantRead)]
    Task<AiSettings> GetAiSettingsAsync();

    [Alias("update-settings"), RequiresScope(Scopes.TenantAdmin)]
    Task<TenantView> UpdateSettingsAsync(TenantSettingsPatch patch);

    /// <summary>Mints an API key. High-risk: fails closed when the audit trail cannot record it.</summary>
    [Alias("create-api-key"), RequiresScope(Scopes.KeysManage)]
    Task<ApiKeyIssued> CreateApiKeyAsync(string role, string name);

    [Alias("list-api-keys"), RequiresScope(Scopes.KeysManage)]
    Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync();

    /// <summary>
    /// Revokes an API key. The tenant's last admin key cannot be revoked (<see cref="Errors.ConflictException"/>): a
    /// tenant without one could not administer itself, and only an operator could restore that.
    /// </summary>
    [Alias("revoke-api-key"), RequiresScope(Scopes.KeysManage)]
    Task RevokeApiKeyAsync(string keyId);

    /// <summary>
    /// The operator mints a new admin key for an active tenant that lost access to its own (shown once). High-risk:
    /// recorded in the tenant's log and the operator log, and fails closed when either cannot record it.
    /// </summary>
    [Alias("issue-recovery-admin-key"), RequiresScope(Scopes.OpsTenantsRecover)]
    Task<ApiKeyIssued> IssueRecoveryAdminKeyAsync();

    /// <summary>Records that the tenant connected an integration (its credential exists).</summary>
    [Alias("connect-integration"), RequiresScope(Scopes.CredentialsManage)]
    Task ConnectIntegrationAsync(string integration);

    [Alias("disconnect-integration"), RequiresScope(Scopes.CredentialsManage)]
    Task DisconnectIntegrationAsync(string integration);

    [Alias("list-integrations"), RequiresScope(Scopes.CredentialsManage)]
    Task<IReadOnlyList<string>> ListIntegrationsAsync();

    /// <summary>Records the pending deletion of the tenant (its offboarding request, carried out at <paramref name="scheduledFor"/>); audited.</summary>
    [Alias("schedule-deletion"), RequiresScope(Scopes.PrivacyErase)]
    Task ScheduleDeletionAsync(DateTimeOffset scheduledFor);

    /// <summary>Forgets the pending deletion (the request was cancelled in its cooling-off period); audited.</summary>
    [Alias("cancel-deletion"), RequiresScope(Scopes.PrivacyErase)]
    Task CancelDeletionAsync();

    /// <summary>Offboarding's first step: the tenant is closed (the directory stops admitting its keys and webhooks). Idempotent.</summary>
    [Alias("close-for-erasure"), RequiresScope(Scopes.PrivacyErase)]
    Task CloseForErasureAsync();

    /// <summary>Offboarding: the tenant's own state and its directory entry go; it then reads as never created. Idempotent; how many rows.</summary>
    [Alias("erase"), RequiresScope(Scopes.PrivacyErase)]
    Task<int> EraseAsync();

    /// <summary>The tenant's record of processing (<see cref="DataMap"/>): integrations, AI provider, subprocessors, purposes, retention.</summary>
    [Alias("get-data-map"), RequiresScope(Scopes.TenantAdmin, Scopes.PrivacyRead)]
    Task<DataMap> GetDataMapAsync();
    /// <summary>The tenant's retention periods for its retention sweep; null when the tenant does not exist (any more).</summary>
    [Alias("retention"), RequiresScope(Scopes.PrivacyErase)]
    Task<RetentionSettings?> GetRetentionAsync();
}
