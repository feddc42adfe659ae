using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Incidents;

namespace Omniops.Actors.Client.Incidents;

/// <summary>Breach-notification support (operator): record an incident and read it back.</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes)
    {
        var incidents = routes.MapGroup("/ops/incidents").RequireAuthorization(Policies.Operator);
        incidents.MapPost("", RecordAsync)
            .WithName("RecordIncident").WithSummary("Records an incident: the affected tenants with data categories and subject counts, and the 72-hour notification deadline; audited.")
            .DescribesJsonBody<IncidentRequestBody>();
        incidents.MapGet("/{incidentId}", GetAsync)
            .WithName("GetIncident").WithSummary("A recorded incident.");
        return routes;
    }

    private static async Task<Results<Created<IncidentReport>, ProblemHttpResult>> RecordAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<IncidentRequestBody>(request);
        if (problem is not null)
        {
            return problem;
        }

        var incidentId = GrainKeys.NewLocalId('i');
        var report = await grains.GetIncidentGrain(incidentId).RecordAsync(new IncidentRequest(body!.From, body.To, body.Component.Kind,
            body.Component.Integration, body.Component.TenantId, body.Description));
        return TypedResults.Created("/ops/incidents/" + incidentId, report);
    }

    private static async Task<Results<Ok<IncidentReport>, ProblemHttpResult>> GetAsync(string incidentId, IGrainFactory grains) =>
        GrainKeys.IsValidId(incidentId) ? TypedResults.Ok(await grains.GetIncidentGrain(incidentId).GetAsync()) : Problems.NotFound();
}
