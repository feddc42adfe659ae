namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>What is shown of an API key after creation: never the key.</summary>
[GenerateSerializer, Alias("omniops.api-key-view")]
public sealed record ApiKeyView(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Role,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt);
