namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>How long each kind of data is kept after its last activity.</summary>
[GenerateSerializer, Alias("omniops.retention-settings")]
public sealed record RetentionSettings(
    [property: Id(0)] TimeSpan Conversations,
    [property: Id(1)] TimeSpan Orders,
    [property: Id(2)] TimeSpan AuditLog)
{
    public static TimeSpan Minimum { get; } = TimeSpan.FromDays(1);

    public static TimeSpan Maximum { get; } = TimeSpan.FromDays(3653);

    public static RetentionSettings Default { get; } =
        new(TimeSpan.FromDays(365), TimeSpan.FromDays(730), TimeSpan.FromDays(2190));
}
