namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>What the gateway needs to check one API key: its id, role and the SHA-256 of its secret (never the secret).</summary>
[GenerateSerializer, Immutable, Alias("omniops.api-key-digest")]
public sealed record ApiKeyDigest(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Role,
    [property: Id(2)] byte[] SecretHash)
{
    public override string ToString() => $"ApiKeyDigest {{ KeyId = {KeyId}, Role = {Role} }}";
}
