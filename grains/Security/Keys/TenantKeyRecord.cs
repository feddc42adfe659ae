namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>One stored version of a tenant data key, wrapped by a KEK.</summary>
public sealed record TenantKeyRecord(string TenantId, int Version, WrappedKey Wrapped, DateTimeOffset CreatedAt);
