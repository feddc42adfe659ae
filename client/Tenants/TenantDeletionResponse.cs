namespace Omniops.Actors.Client.Tenants;

/// <summary>A tenant's pending (or cancelled) deletion: its privacy request and when it is carried out.</summary>
public sealed record TenantDeletionResponse(string RequestId, string Status, DateTimeOffset ScheduledFor);
