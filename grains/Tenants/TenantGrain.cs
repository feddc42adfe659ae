using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Tenants;

/// <summary>
/// A tenant: profile, settings and API keys. Every change is audited before it is stored, and privilege-granting
/// changes (tenant creation, key minting) fail closed when the audit trail cannot record them.
/// </summary>
public sealed partial class TenantGrain(
    [PersistentState(StateNames.Tenant, StorageNames.Main)] IPersistentState<TenantState> state,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private const int MaxApiKeys = 50;
    private static readonly TimeSpan SignInAuditInterval = TimeSpan.FromHours(1);

    private readonly Dictionary<string, DateTimeOffset> _lastSignInAudited = new(StringComparer.Ordinal);

    private string TenantId => this.GetPrimaryKeyString();

    private IAuditLogGrain Audit => GrainFactory.GetAuditLogGrain(TenantId);

    public async Task<TenantCreated> CreateAsync(TenantCreation creation)
    {
        TenantSettingsRules.ValidateName(creation.Name);
        if (!TenantSettingsRules.IsRegion(creation.Region))
        {
            throw new RequestValidationException("region must be a region code such as \"eu\" or \"us-east\".");
        }

        if (state.State.Exists)
        {
            throw new ConflictException("The tenant already exists.");
        }

        var now = time.GetUtcNow();
        var adminKey = Mint(Roles.Admin, "initial admin key", now, out var record);
        await Audit.AppendAsync(new AuditEntry("tenant.create", AuditOutcomes.Success, TenantId,
            new Dictionary<string, string> { ["region"] = creation.Region, ["adminKeyId"] = record.KeyId }));
        await GrainFactory.GetAuditLogGrain(GrainKeys.OperatorTenant)
            .AppendAsync(new AuditEntry("tenant.create", AuditOutcomes.Success, TenantId));

        state.State = new TenantState
        {
            Exists = true,
            Name = creation.Name.Trim(),
            Region = creation.Region,
            Status = TenantStatus.Active,
            CreatedAt = now,
            Settings = TenantSettings.Default,
            ApiKeys = [record],
        };
        await state.WriteStateAsync();
        LogCreated(logger, TenantId);
        return new TenantCreated(TenantId, adminKey);
    }

    public Task<TenantView> GetAsync()
    {
        RequireTenant();
        return Task.FromResult(View());
    }

    public async Task<TenantView> UpdateSettingsAsync(TenantSettingsPatch patch)
    {
        RequireTenant();
        var updated = TenantSettingsRules.Apply(state.State.Settings, patch);
        await Audit.AppendAsync(new AuditEntry("tenant.settings.update", AuditOutcomes.Success, TenantId,
            new Dictionary<string, string> { ["changed"] = string.Join(',', ChangedFields(patch)) }));
        state.State.Settings = updated;
        await state.WriteStateAsync();
        return View();
    }

    public async Task<ApiKeyIssued> CreateApiKeyAsync(string role, string name)
    {
        RequireTenant();
        if (!Roles.IsKnown(role))
        {
            throw new RequestValidationException("role must be \"admin\" or \"agent\".");
        }

        TenantSettingsRules.ValidateName(name);
        if (state.State.ApiKeys.Count >= MaxApiKeys)
        {
            throw new ConflictException($"A tenant holds at most {MaxApiKeys} API keys; revoke one first.");
        }

        var issued = Mint(role, name.Trim(), time.GetUtcNow(), out var record);
        await Audit.AppendAsync(new AuditEntry("api-key.create", AuditOutcomes.Success, record.KeyId,
            new Dictionary<string, string> { ["role"] = role }));
        state.State.ApiKeys.Add(record);
        await state.WriteStateAsync();
        return issued;
    }

    public Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync()
    {
        RequireTenant();
        IReadOnlyList<ApiKeyView> keys = state.State.ApiKeys
            .Select(k => new ApiKeyView(k.KeyId, k.Role, k.Name, k.CreatedAt))
            .ToArray();
        return Task.FromResult(keys);
    }

    public async Task RevokeApiKeyAsync(string keyId)
    {
        RequireTenant();
        var key = state.State.ApiKeys.Find(k => k.KeyId == keyId) ?? throw new ResourceNotFoundException();
        await Audit.AppendAsync(new AuditEntry("api-key.revoke", AuditOutcomes.Success, keyId));
        state.State.ApiKeys.Remove(key);
        await state.WriteStateAsync();
    }

    public async Task<CallerContext?> AuthenticateAsync(string keyId, byte[] secretHash)
    {
        if (!state.State.Exists || state.State.Status != TenantStatus.Active)
        {
            return null;
        }

        var key = state.State.ApiKeys.Find(k => k.KeyId == keyId);
        var valid = key is not null && secretHash.Length == key.SecretHash.Length &&
                    CryptographicOperations.FixedTimeEquals(secretHash, key.SecretHash);
        var now = time.GetUtcNow();
        if (!valid)
        {
            await Audit.AppendAsync(new AuditEntry("auth.sign-in", AuditOutcomes.Failure, keyId));
            return null;
        }

        if (!_lastSignInAudited.TryGetValue(keyId, out var last) || now - last >= SignInAuditInterval)
        {
            await Audit.AppendAsync(new AuditEntry("auth.sign-in", AuditOutcomes.Success, keyId));
            _lastSignInAudited[keyId] = now;
        }

        return new CallerContext(TenantId, key!.KeyId, Roles.KindOf(key.Role), Roles.ScopesOf(key.Role));
    }

    private ApiKeyIssued Mint(string role, string name, DateTimeOffset now, out ApiKeyRecord record)
    {
        var keyId = GrainKeys.NewLocalId('k');
        var key = ApiKeyFormat.Compose(TenantId, keyId, out var secretHash);
        record = new ApiKeyRecord(keyId, role, name, secretHash, now);
        return new ApiKeyIssued(keyId, role, name, key, now);
    }

    /// <summary>The grain's own check, behind the call filter's: the tenant must exist and the caller must belong to it.</summary>
    private void RequireTenant()
    {
        var caller = CallerContext.Current;
        if (!state.State.Exists || state.State.Status == TenantStatus.Erased ||
            caller?.TenantId is { } callerTenant && callerTenant != TenantId)
        {
            throw new ResourceNotFoundException();
        }
    }

    private TenantView View() => new(TenantId, state.State.Name, state.State.Region, state.State.Status, state.State.CreatedAt, state.State.Settings);

    private static IEnumerable<string> ChangedFields(TenantSettingsPatch patch)
    {
        if (patch.ConversationRetention is not null) yield return "retention.conversations";
        if (patch.OrderRetention is not null) yield return "retention.orders";
        if (patch.AuditLogRetention is not null) yield return "retention.auditLog";
        if (patch.AiEnabled is not null) yield return "ai.enabled";
        if (patch.AiAutoSend is not null) yield return "ai.autoSend";
        if (patch.AiTrainingOptIn is not null) yield return "ai.trainingOptIn";
        if (patch.AiAllowedRegions is not null) yield return "ai.allowedRegions";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} created")]
    private static partial void LogCreated(ILogger logger, string tenantId);
}
