using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Incidents;

/// <summary>
/// One incident reported by the operator (key: <c>ops/{incidentId}</c>): computes which tenants, data categories and
/// how many subjects it may have touched, audits it in the operator log and each affected tenant's log, and keeps it.
/// </summary>
[Alias("omniops.incident")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Records the incident once; a second call is a conflict.</summary>
    [Alias("record"), RequiresScope(Scopes.OpsIncidents)]
    Task<IncidentReport> RecordAsync(IncidentRequest request);

    /// <summary>The recorded incident; <see cref="Errors.ResourceNotFoundException"/> when there is none.</summary>
    [Alias("get"), RequiresScope(Scopes.OpsIncidents)]
    Task<IncidentReport> GetAsync();
}
