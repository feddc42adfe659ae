using System.Xml;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Tenants;

public sealed record TenantCreatedResponse(string TenantId, string AdminKeyId, string AdminKey);

public sealed record ApiKeyCreatedResponse(string KeyId, string Role, string Name, string Key, DateTimeOffset CreatedAt);

public sealed record ApiKeyResponse(string KeyId, string Role, string Name, DateTimeOffset CreatedAt)
{
    public static ApiKeyResponse From(ApiKeyView key) => new(key.KeyId, key.Role, key.Name, key.CreatedAt);
}

public sealed record TenantResponse(string TenantId, string Name, string Region, TenantStatus Status, DateTimeOffset CreatedAt, SettingsResponse Settings, IReadOnlyList<string> Integrations)
{
    public static TenantResponse From(TenantView view) => new(view.TenantId, view.Name, view.Region, view.Status, view.CreatedAt,
        new SettingsResponse(
            new RetentionResponse(
                XmlConvert.ToString(view.Settings.Retention.Conversations),
                XmlConvert.ToString(view.Settings.Retention.Orders),
                XmlConvert.ToString(view.Settings.Retention.AuditLog)),
            new AiResponse(view.Settings.Ai.Enabled, view.Settings.Ai.AutoSend, view.Settings.Ai.TrainingOptIn, view.Settings.Ai.AllowedRegions),
            new ActionsResponse(view.Settings.RefundApprovalThreshold)),
        view.Integrations);
}

public sealed record SettingsResponse(RetentionResponse Retention, AiResponse Ai, ActionsResponse Actions);

public sealed record ActionsResponse(decimal RefundApprovalThreshold);

public sealed record RetentionResponse(string Conversations, string Orders, string AuditLog);

public sealed record AiResponse(bool Enabled, bool AutoSend, bool TrainingOptIn, IReadOnlyList<string> AllowedRegions);
