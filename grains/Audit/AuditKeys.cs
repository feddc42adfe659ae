using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.Grains.Security;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Per-tenant audit HMAC keys, derived from the master key with HKDF-SHA256 (info names the purpose and the tenant),
/// so one tenant's digests say nothing about another's and no key needs storing.
/// </summary>
public sealed class AuditKeys(MasterKey masterKey)
{
    public byte[] ForTenant(string tenantId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Bytes.ToArray(), 32, salt: [], info: Encoding.UTF8.GetBytes("omniops/audit-hmac/v1/" + tenantId));
}
