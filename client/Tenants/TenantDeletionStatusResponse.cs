using Omniops.Actors.Client.Privacy;

namespace Omniops.Actors.Client.Tenants;

/// <summary><c>GET /ops/tenants/{tenantId}/deletion</c>: the offboarding request and, once completed, its signed receipt.</summary>
public sealed record TenantDeletionStatusResponse(string TenantId, PrivacyRequestResponse Request, ReceiptResponse? Receipt);
