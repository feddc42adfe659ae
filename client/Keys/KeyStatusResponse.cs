using Omniops.Actors.GrainInterfaces.Keys;

namespace Omniops.Actors.Client.Keys;

/// <summary>
/// <c>GET /ops/keys</c> and <c>POST /ops/keys/master/rewrap</c>: the current master key, the configured ones, tenant key
/// versions by the master key that wraps them, and how many the call re-wrapped.
/// </summary>
public sealed record KeyStatusResponse(
    string CurrentMasterKeyId,
    IReadOnlyList<string> ConfiguredMasterKeyIds,
    IReadOnlyDictionary<string, long> TenantKeysByMasterKey,
    int Rewrapped)
{
    public static KeyStatusResponse From(KeyStatus status) =>
        new(status.CurrentMasterKeyId, status.ConfiguredMasterKeyIds, status.TenantKeysByMasterKey, status.Rewrapped);
}
