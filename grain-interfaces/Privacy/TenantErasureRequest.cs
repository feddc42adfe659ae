using System.Security.Cryptography;
using System.Text;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// A tenant has at most one offboarding request, with an id derived from the tenant id: the admin's
/// <c>DELETE /v1/tenant</c> and Shopify's <c>shop/redact</c> land on the same request, and the operator finds it after
/// the tenant's own keys are gone. A cancelled one is started afresh by the next deletion.
/// </summary>
public static class TenantErasureRequest
{
    public static string IdOf(string tenantId) =>
        GrainKeys.DerivedId('p', SHA256.HashData(Encoding.UTF8.GetBytes("omniops/tenant-erasure/v1|" + tenantId)));
}
