using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Per-tenant audit HMAC keys, derived with HKDF-SHA256 from the tenant's first data key (which every rotation
/// keeps), so one tenant's digests say nothing about another's, master-key rotation does not change them, and
/// erasing the tenant's keys erases the ability to link digests to values.
/// </summary>
public sealed class AuditKeys(TenantKeyring keyring)
{
    public ValueTask<byte[]> ForTenantAsync(string tenantId) => keyring.DeriveAsync(tenantId, "audit-hmac/v1");

    /// <summary>The key of the tenant's hash chain (HMAC-SHA256), derived the same way for another purpose.</summary>
    public ValueTask<byte[]> ChainKeyAsync(string tenantId) => keyring.DeriveAsync(tenantId, "audit-chain/v1");
}
