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

    [Alias("update-settings"), RequiresScope(Scopes.TenantAdmin)]
    Task<TenantView> UpdateSettingsAsync(TenantSettingsPatch patch);

    /// <summary>Mints an API key. High-risk: fails closed when the audit trail cannot record it.</summary>
    [Alias("create-api-key"), RequiresScope(Scopes.KeysManage)]
    Task<ApiKeyIssued> CreateApiKeyAsync(string role, string name);

    [Alias("list-api-keys"), RequiresScope(Scopes.KeysManage)]
    Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync();

    [Alias("revoke-api-key"), RequiresScope(Scopes.KeysManage)]
    Task RevokeApiKeyAsync(string keyId);

    /// <summary>Records that the tenant connected an integration (its credential exists).</summary>
    [Alias("connect-integration"), RequiresScope(Scopes.CredentialsManage)]
    Task ConnectIntegrationAsync(string integration);

    [Alias("disconnect-integration"), RequiresScope(Scopes.CredentialsManage)]
    Task DisconnectIntegrationAsync(string integration);

    [Alias("list-integrations"), RequiresScope(Scopes.CredentialsManage)]
    Task<IReadOnlyList<string>> ListIntegrationsAsync();
}
