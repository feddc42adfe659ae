namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>A freshly minted API key: <see cref="Key"/> is shown once and stored nowhere but its hash.</summary>
[GenerateSerializer, Alias("omniops.api-key-issued")]
public sealed record ApiKeyIssued(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Role,
    [property: Id(2)] string Name,
    [property: Id(3)] string Key,
    [property: Id(4)] DateTimeOffset CreatedAt);
