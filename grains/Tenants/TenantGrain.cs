using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Tenants;

/// <summary>
/// A tenant: profile, settings and API keys. Every change is audited before it is stored, and privilege-granting
/// changes (tenant creation, key minting, the operator's recovery) fail closed when the audit trail cannot record them.
/// The tenant always keeps at least one admin key.
/// </summary>
public sealed partial class TenantGrain(
    [PersistentState(StateNames.Tenant, StorageNames.Main)] IPersistentState<TenantState> state,
    TenantKeyring keyring,
    IGrainStatePurger purger,
    DataMapBuilder dataMap,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private const int MaxApiKeys = 50;

    private string? _name;

    private string TenantId => this.GetPrimaryKeyString();

    private IAuditLogGrain Audit => GrainFactory.GetAuditLogGrain(TenantId);

    /// <summary>
    /// Re-publishes the directory entry on activation: a publication that failed after the state was written (the
    /// call then failed and the activation was dropped) is repaired by the next activation. Unchanged entries cost a
    /// read of the directory shard, nothing more.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Exists)
        {
            await PublishDirectoryEntryAsync();
            if (state.State.Status != TenantStatus.Erased)
            {
                await EnsureRetentionScheduledAsync();
            }
        }
    }

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
        var (adminKey, record) = await MintAsync(Roles.Admin, "initial admin key", now);
        await Audit.AppendAsync(new AuditEntry("tenant.create", AuditOutcomes.Success, TenantId,
            new Dictionary<string, string> { ["region"] = creation.Region, ["adminKeyId"] = record.KeyId }));
        await GrainFactory.GetAuditLogGrain(GrainKeys.OperatorTenant)
            .AppendAsync(new AuditEntry("tenant.create", AuditOutcomes.Success, TenantId));

        state.State = new TenantState
        {
            Exists = true,
            Name = await keyring.SealAsync(TenantId, this.GetGrainId(), "name", creation.Name.Trim()),
            Region = creation.Region,
            Status = TenantStatus.Active,
            CreatedAt = now,
            Settings = TenantSettings.Default,
            ApiKeys = [record],
        };
        await WriteAndPublishAsync();
        await EnsureRetentionScheduledAsync();
        LogCreated(logger, TenantId);
        return new TenantCreated(TenantId, adminKey);
    }

    public Task<TenantView> GetAsync()
    {
        RequireTenant();
        return ViewAsync();
    }

    public Task<AiSettings> GetAiSettingsAsync()
    {
        RequireTenant();
        return Task.FromResult(state.State.Settings.Ai);
    }

    public Task<RetentionSettings?> GetRetentionAsync() =>
        Task.FromResult(state.State.Exists && state.State.Status != TenantStatus.Erased ? state.State.Settings.Retention : null);

    public async Task<TenantView> UpdateSettingsAsync(TenantSettingsPatch patch)
    {
        RequireTenant();
        var updated = TenantSettingsRules.Apply(state.State.Settings, patch);
        await Audit.AppendAsync(new AuditEntry("tenant.settings.update", AuditOutcomes.Success, TenantId,
            new Dictionary<string, string> { ["changed"] = string.Join(',', ChangedFields(patch)) }));
        state.State.Settings = updated;
        await state.WriteStateAsync();
        return await ViewAsync();
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

        var (issued, record) = await MintAsync(role, name.Trim(), time.GetUtcNow());
        await Audit.AppendAsync(new AuditEntry("api-key.create", AuditOutcomes.Success, record.KeyId,
            new Dictionary<string, string> { ["role"] = role }));
        state.State.ApiKeys.Add(record);
        await WriteAndPublishAsync();
        return issued;
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync()
    {
        RequireTenant();
        var keys = new List<ApiKeyView>(state.State.ApiKeys.Count);
        foreach (var k in state.State.ApiKeys)
        {
            keys.Add(new ApiKeyView(k.KeyId, k.Role, await keyring.OpenAsync(TenantId, this.GetGrainId(), "api-key-name:" + k.KeyId, k.Name), k.CreatedAt));
        }

        return keys;
    }

    public async Task ConnectIntegrationAsync(string integration)
    {
        RequireTenant();
        if (!state.State.Integrations.Contains(integration))
        {
            state.State.Integrations.Add(integration);
            await WriteAndPublishAsync();
        }
    }

    public async Task DisconnectIntegrationAsync(string integration)
    {
        RequireTenant();
        if (state.State.Integrations.Remove(integration))
        {
            await WriteAndPublishAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListIntegrationsAsync()
    {
        RequireTenant();
        return Task.FromResult<IReadOnlyList<string>>([.. state.State.Integrations]);
    }

    public Task<DataMap> GetDataMapAsync()
    {
        RequireTenant();
        return Task.FromResult(dataMap.Build(state.State.Integrations, state.State.Settings));
    }

    public async Task RevokeApiKeyAsync(string keyId)
    {
        RequireTenant();
        var key = state.State.ApiKeys.Find(k => k.KeyId == keyId) ?? throw new ResourceNotFoundException();
        if (key.Role == Roles.Admin && state.State.ApiKeys.Count(k => k.Role == Roles.Admin) == 1)
        {
            // Refused, not denied: the caller may revoke keys, just not this one now. Recorded because an attempt to
            // lock a tenant out of its own administration is worth seeing in the trail.
            await Audit.AppendAsync(new AuditEntry("api-key.revoke", AuditOutcomes.Failure, keyId,
                new Dictionary<string, string> { ["reason"] = "last-admin-key" }));
            throw new ConflictException("This is the tenant's last admin key; mint another admin key before revoking it.");
        }

        await Audit.AppendAsync(new AuditEntry("api-key.revoke", AuditOutcomes.Success, keyId));
        state.State.ApiKeys.Remove(key);
        await WriteAndPublishAsync();
    }

    public async Task<ApiKeyIssued> IssueRecoveryAdminKeyAsync()
    {
        RequireTenant();
        if (state.State.Status != TenantStatus.Active)
        {
            throw new ConflictException("Only an active tenant's access can be recovered.");
        }

        // Not held to MaxApiKeys: a tenant whose key slots are full and whose admin keys are lost could otherwise never
        // be recovered. Each recovery is the operator's deliberate, doubly audited act.
        var (issued, record) = await MintAsync(Roles.Admin, "recovery admin key", time.GetUtcNow());
        await Audit.AppendAsync(new AuditEntry("api-key.recover", AuditOutcomes.Success, record.KeyId,
            new Dictionary<string, string> { ["role"] = Roles.Admin }));
        await GrainFactory.GetAuditLogGrain(GrainKeys.OperatorTenant)
            .AppendAsync(new AuditEntry("ops.tenant.recover", AuditOutcomes.Success, TenantId,
                new Dictionary<string, string> { ["keyId"] = record.KeyId }));
        state.State.ApiKeys.Add(record);
        await WriteAndPublishAsync();
        LogRecovered(logger, TenantId, record.KeyId);
        return issued;
    }

    public async Task ScheduleDeletionAsync(DateTimeOffset scheduledFor)
    {
        RequireTenant();
        if (state.State.DeletionScheduledFor == scheduledFor)
        {
            return;
        }

        await Audit.AppendAsync(new AuditEntry("tenant.deletion.schedule", AuditOutcomes.Success, TenantId,
            new Dictionary<string, string> { ["scheduledFor"] = scheduledFor.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }));
        state.State.DeletionScheduledFor = scheduledFor;
        await state.WriteStateAsync();
    }

    public async Task CancelDeletionAsync()
    {
        RequireTenant();
        if (state.State.DeletionScheduledFor is null)
        {
            return;
        }

        await Audit.AppendAsync(new AuditEntry("tenant.deletion.cancel", AuditOutcomes.Success, TenantId));
        state.State.DeletionScheduledFor = null;
        await state.WriteStateAsync();
    }

    public async Task CloseForErasureAsync()
    {
        if (!state.State.Exists || state.State.Status != TenantStatus.Active)
        {
            return;
        }

        await Audit.AppendAsync(new AuditEntry("tenant.close", AuditOutcomes.Success, TenantId));
        state.State.Status = TenantStatus.Offboarding;
        state.State.DirectoryVersion++;
        // The state and the directory entry at once: closing only ever takes admission away, and should the write fail
        // after the entry went out, the offboarding repeats this step (the state still says active) and the versioned
        // entry stays closed.
        try
        {
            await Task.WhenAll(state.WriteStateAsync(), PublishDirectoryEntryAsync());
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<int> EraseAsync()
    {
        if (state.State.Exists)
        {
            await state.ClearStateAsync();
        }

        // The live row and the tombstone, and the directory entry, at once: the tenant id is unknown everywhere afterwards.
        var purged = purger.PurgeAsync(TenantId);
        var removed = CallerContext.RunAsAsync(CallerContext.System(TenantId, "tenant-directory"), async () =>
        {
            await GrainFactory.GetTenantDirectoryGrain(TenantId).RemoveAsync(TenantId);
            return true;
        });
        await Task.WhenAll(purged, removed);
        var rows = await purged;
        state.State = new TenantState();
        _name = null;
        DeactivateOnIdle();
        return rows;
    }

    private async Task<(ApiKeyIssued Issued, ApiKeyRecord Record)> MintAsync(string role, string name, DateTimeOffset now)
    {
        var keyId = GrainKeys.NewLocalId('k');
        var key = ApiKeyFormat.Compose(TenantId, keyId, out var secretHash);
        var sealedName = await keyring.SealAsync(TenantId, this.GetGrainId(), "api-key-name:" + keyId, name);
        return (new ApiKeyIssued(keyId, role, name, key, now), new ApiKeyRecord(keyId, role, secretHash, now, sealedName));
    }

    /// <summary>
    /// Stores the state with the next directory version, then publishes the entry. If the publication fails, the call
    /// fails and the activation is dropped, so the next activation publishes what is stored (a revoked key stays
    /// refused by the gateway only once the directory says so: the caller sees the failure and retries).
    /// </summary>
    private async Task WriteAndPublishAsync()
    {
        state.State.DirectoryVersion++;
        await state.WriteStateAsync();
        try
        {
            await PublishDirectoryEntryAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private Task PublishDirectoryEntryAsync()
    {
        var tenant = state.State;
        var entry = new TenantDirectoryEntry(
            TenantId,
            tenant.DirectoryVersion,
            tenant.Status == TenantStatus.Active,
            [.. tenant.ApiKeys.Select(k => new ApiKeyDigest(k.KeyId, k.Role, k.SecretHash))],
            [.. tenant.Integrations]);
        return CallerContext.RunAsAsync(CallerContext.System(TenantId, "tenant-directory"), async () =>
        {
            await GrainFactory.GetTenantDirectoryGrain(TenantId).PublishAsync(entry);
            return true;
        });
    }

    /// <summary>
    /// Makes sure the tenant's retention reminder is registered (idempotent; interleaved on the retention grain), at
    /// creation and at every activation. A failure is logged, not thrown: the tenant stays usable and its next
    /// activation registers the reminder.
    /// </summary>
    private async Task EnsureRetentionScheduledAsync()
    {
        try
        {
            await CallerContext.RunAsAsync(CallerContext.Privacy(TenantId, "retention"), async () =>
            {
                await GrainFactory.GetRetentionGrain(TenantId).EnsureScheduledAsync();
                return true;
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRetentionNotScheduled(logger, exception, TenantId);
        }
    }

    /// <summary>The grain's own check, behind the call filter's: the tenant must exist and the caller must belong to it.</summary>
    private void RequireTenant()
    {
        var caller = CallerContext.Current;
        if (!state.State.Exists || state.State.Status == TenantStatus.Erased ||
            caller?.TenantId is { } callerTenant && callerTenant != TenantId)
        {
            DeactivateIfAbsent();
            throw new ResourceNotFoundException();
        }
    }

    /// <summary>
    /// A tenant that does not exist (or no longer does) keeps no activation: a probe of made-up tenant ids must not
    /// leave one behind per id.
    /// </summary>
    private void DeactivateIfAbsent()
    {
        if (!state.State.Exists || state.State.Status == TenantStatus.Erased)
        {
            DeactivateOnIdle();
        }
    }

    private async Task<TenantView> ViewAsync() => new(
        TenantId,
        _name ??= await keyring.OpenAsync(TenantId, this.GetGrainId(), "name", state.State.Name!),
        state.State.Region,
        state.State.Status,
        state.State.CreatedAt,
        state.State.Settings,
        [.. state.State.Integrations]);

    private static IEnumerable<string> ChangedFields(TenantSettingsPatch patch)
    {
        if (patch.ConversationRetention is not null) yield return "retention.conversations";
        if (patch.OrderRetention is not null) yield return "retention.orders";
        if (patch.AuditLogRetention is not null) yield return "retention.auditLog";
        if (patch.AiEnabled is not null) yield return "ai.enabled";
        if (patch.AiAutoSend is not null) yield return "ai.autoSend";
        if (patch.AiTrainingOptIn is not null) yield return "ai.trainingOptIn";
        if (patch.AiAllowedRegions is not null) yield return "ai.allowedRegions";
        if (patch.RefundApprovalThreshold is not null) yield return "actions.refundApprovalThreshold";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} created")]
    private static partial void LogCreated(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: its retention reminder could not be registered; the next activation tries again")]
    private static partial void LogRetentionNotScheduled(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} recovered by the operator: admin key {KeyId} issued")]
    private static partial void LogRecovered(ILogger logger, string tenantId, string keyId);
}
