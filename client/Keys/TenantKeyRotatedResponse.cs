namespace Omniops.Actors.Client.Keys;

/// <summary><c>POST /ops/keys/tenants/{tenantId}/rotate</c>: the tenant and its new key version.</summary>
public sealed record TenantKeyRotatedResponse(string TenantId, int Version);
