namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>A partial settings update: null leaves a value as it is.</summary>
[GenerateSerializer, Alias("omniops.tenant-settings-patch")]
public sealed record TenantSettingsPatch(
    [property: Id(0)] TimeSpan? ConversationRetention,
    [property: Id(1)] TimeSpan? OrderRetention,
    [property: Id(2)] TimeSpan? AuditLogRetention,
    [property: Id(3)] bool? AiEnabled,
    [property: Id(4)] bool? AiAutoSend,
    [property: Id(5)] bool? AiTrainingOptIn,
    [property: Id(6)] IReadOnlyList<string>? AiAllowedRegions)
{
    /// <summary><c>actions.refundApprovalThreshold</c>; null leaves it as it is.</summary>
    [Id(7)]
    public decimal? RefundApprovalThreshold { get; init; }
}
