namespace Omniops.Actors.Client.Tenants;

/// <summary><c>POST /v1/tenants</c>.</summary>
public sealed record CreateTenantRequest(string Name, string? Region = null);

/// <summary><c>POST /v1/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest(string Role, string Name);

/// <summary><c>PATCH /v1/tenant/settings</c>: absent members stay as they are. Durations are ISO-8601 (<c>P30D</c>).</summary>
public sealed record SettingsPatchRequest(RetentionPatchRequest? Retention = null, AiPatchRequest? Ai = null, ActionsPatchRequest? Actions = null);

public sealed record RetentionPatchRequest(string? Conversations = null, string? Orders = null, string? AuditLog = null);

public sealed record AiPatchRequest(bool? Enabled = null, bool? AutoSend = null, bool? TrainingOptIn = null, IReadOnlyList<string>? AllowedRegions = null);

public sealed record ActionsPatchRequest(decimal? RefundApprovalThreshold = null);
