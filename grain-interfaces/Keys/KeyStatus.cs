namespace Omniops.Actors.GrainInterfaces.Keys;

/// <summary>Which master key wraps new keys, which can unwrap, and how many tenant key versions each wraps.</summary>
[GenerateSerializer, Alias("omniops.key-status")]
public sealed record KeyStatus(
    [property: Id(0)] string CurrentMasterKeyId,
    [property: Id(1)] IReadOnlyList<string> ConfiguredMasterKeyIds,
    [property: Id(2)] IReadOnlyDictionary<string, long> TenantKeysByMasterKey,
    [property: Id(3)] int Rewrapped);
