namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>A subject key sealed by version <see cref="Wrapped"/>.KeyVersion of its tenant's key.</summary>
public sealed record SubjectKeyRecord(string TenantId, string SubjectId, EncryptedField Wrapped, DateTimeOffset CreatedAt);
