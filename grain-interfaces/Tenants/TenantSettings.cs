namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>A tenant's data-protection settings. Defaults are the conservative choice (AI off, no training use).</summary>
[GenerateSerializer, Alias("omniops.tenant-settings")]
public sealed record TenantSettings(
    [property: Id(0)] RetentionSettings Retention,
    [property: Id(1)] AiSettings Ai)
{
    public static TenantSettings Default { get; } = new(RetentionSettings.Default, AiSettings.Default);
}
