namespace Omniops.Actors.Client.Incidents;

/// <summary><c>POST /ops/incidents</c>: the window, the affected component and an optional description (at most 500 characters).</summary>
public sealed record IncidentRequestBody(DateTimeOffset From, DateTimeOffset To, IncidentComponentBody Component, string? Description = null);
