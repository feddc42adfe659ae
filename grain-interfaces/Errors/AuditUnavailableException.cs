namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>
/// The audit trail could not record the event, so the operation it guards did not happen (fail closed; HTTP 503).
/// </summary>
[GenerateSerializer, Alias("omniops.audit-unavailable")]
public sealed class AuditUnavailableException(string message) : Exception(message);
