namespace Omniops.Actors.Grains.Tenants;

/// <summary>A stored API key: its SHA-256 only, never the key.</summary>
[GenerateSerializer, Alias("omniops.api-key-record")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Role,
    [property: Id(2)] string Name,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset CreatedAt);
