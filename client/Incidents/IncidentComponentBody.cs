namespace Omniops.Actors.Client.Incidents;

/// <summary>The affected component: <c>kind</c> database, silo, integration, credential or ai-provider; the integration and tenant where the kind needs them.</summary>
public sealed record IncidentComponentBody(string Kind, string? Integration = null, string? TenantId = null);
