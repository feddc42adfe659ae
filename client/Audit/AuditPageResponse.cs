namespace Omniops.Actors.Client.Audit;

/// <summary><c>GET /v1/audit</c>: a page of events; <see cref="Next"/> is the <c>after</c> that reads the following page.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEventResponse> Events, long Next);
