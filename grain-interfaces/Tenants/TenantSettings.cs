namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>A tenant's data-protection settings. Defaults are the conservative choice (AI off, no training use).</summary>
[GenerateSerializer, Alias("omniops.tenant-settings")]
public sealed record TenantSettings(
    [property: Id(0)] RetentionSettings Retention,
    [property: Id(1)] AiSettings Ai)
{
    /// <summary>
    /// <c>actions.refundApprovalThreshold</c>: a proposed refund above this amount (in the order's currency) executes
    /// only on a tenant admin's approval; at or below it an agent's approval may execute it. 0 (the default, also for
    /// settings stored before it existed): every refund needs an admin.
    /// </summary>
    [Id(2)]
    public decimal RefundApprovalThreshold { get; init; }

    public static TenantSettings Default { get; } = new(RetentionSettings.Default, AiSettings.Default);
}
