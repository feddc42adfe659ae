namespace Omniops.Actors.GrainInterfaces.Incidents;

/// <summary>
/// What the operator reports: the time window, the affected component (<see cref="IncidentKinds"/>; an integration
/// for <c>integration</c> and <c>credential</c>, the tenant for <c>credential</c>) and an optional description (at most
/// 500 characters, kept only as a redacted preview in the audit trail).
/// </summary>
[GenerateSerializer, Alias("omniops.incident-request")]
public sealed record IncidentRequest(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? Integration,
    [property: Id(4)] string? TenantId,
    [property: Id(5)] string? Description);
