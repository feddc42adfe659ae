namespace Omniops.Actors.GrainInterfaces.Incidents;

/// <summary>
/// A recorded incident: when it was detected, the notification deadline (<see cref="NotifyBy"/> = detection + 72
/// hours, GDPR Art. 33), the component and window, and the tenants affected. Holds no description and no subject ref.
/// </summary>
[GenerateSerializer, Alias("omniops.incident-report")]
public sealed record IncidentReport(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] DateTimeOffset DetectedAt,
    [property: Id(2)] DateTimeOffset NotifyBy,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset To,
    [property: Id(5)] string Kind,
    [property: Id(6)] string? Integration,
    [property: Id(7)] string? TenantId,
    [property: Id(8)] IReadOnlyList<AffectedTenant> AffectedTenants);
