namespace Omniops.Actors.GrainInterfaces.Tenants;

/// <summary>
/// A tenant as the gateway sees it before anyone is authenticated: whether it is active, the digests of its live
/// API keys and the integrations it connected. Published by the tenant's own grain after every change to them;
/// <see cref="Version"/> only grows, so a late publication never overwrites a newer one.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.tenant-directory-entry")]
public sealed record TenantDirectoryEntry(
    [property: Id(0)] string TenantId,
    [property: Id(1)] long Version,
    [property: Id(2)] bool Active,
    [property: Id(3)] IReadOnlyList<ApiKeyDigest> Keys,
    [property: Id(4)] IReadOnlyList<string> Integrations)
{
    /// <summary>The live key named <paramref name="keyId"/>, or null.</summary>
    public ApiKeyDigest? Key(string keyId)
    {
        foreach (var key in Keys)
        {
            if (string.Equals(key.KeyId, keyId, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }

    public override string ToString() => $"TenantDirectoryEntry {{ TenantId = {TenantId}, Version = {Version}, Active = {Active}, Keys = {Keys.Count} }}";
}
