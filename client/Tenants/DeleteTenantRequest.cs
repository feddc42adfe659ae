namespace Omniops.Actors.Client.Tenants;

/// <summary><c>DELETE /v1/tenant</c>: <see cref="Confirm"/> must be the caller's tenant id.</summary>
public sealed record DeleteTenantRequest(string Confirm);
