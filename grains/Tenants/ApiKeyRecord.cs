using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Tenants;

/// <summary>A stored API key: its SHA-256 only, never the key; its name sealed (names often name people).</summary>
[GenerateSerializer, Alias("omniops.api-key-record")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Role,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] EncryptedField Name);
