namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>Whether and how AI may be used for a tenant. Off by default; training use is opt-in only.</summary>
[GenerateSerializer, Alias("omniops.ai-settings")]
public sealed record AiSettings(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] bool AutoSend,
    [property: Id(2)] bool TrainingOptIn,
    [property: Id(3)] IReadOnlyList<string> AllowedRegions)
{
    public static AiSettings Default { get; } = new(false, false, false, []);
}
