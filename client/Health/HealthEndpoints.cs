using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Health;

/// <summary>
/// Liveness and readiness on the framework's health checks. <c>/health/live</c> runs no check: 200
/// <c>{"status":"live"}</c> whenever the process answers. <c>/health/ready</c> runs the checks tagged
/// <see cref="ReadyTag"/> — a grain round trip (<see cref="ClusterHealthCheck"/>) and PostgreSQL when this process has a
/// data source (<see cref="PostgresHealthCheck"/>), each within <see cref="CheckTimeout"/> — and answers 200
/// <c>{"status":"ready"}</c>, or a 503 problem document naming the checks that failed.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>How long each readiness check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly ProducesResponseTypeMetadata Answers = new(StatusCodes.Status200OK, typeof(HealthResponse), ["application/json"]);
    private static readonly ProducesResponseTypeMetadata NotReady = new(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), [Problems.ContentType]);

    public static IServiceCollection AddOmniopsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<PostgresHealthCheck>(PostgresHealthCheck.Name, tags: [ReadyTag], timeout: CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        // GET only, as before; the OpenAPI document describes these two (they have no handler method to describe).
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = (context, _) => WriteAsync(context, "live", []) })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]), Answers)
            .AllowAnonymous()
            .WithName("Live").WithSummary("200 {\"status\":\"live\"} while the process answers.").WithDisplayName("GET /health/live");
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains(ReadyTag),
                ResponseWriter = (context, report) => WriteAsync(context, "ready",
                    [.. report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).Order(StringComparer.Ordinal)]),
            })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]), Answers, NotReady)
            .AllowAnonymous()
            .WithName("Ready").WithSummary("200 {\"status\":\"ready\"} when a grain round trip (and PostgreSQL, where used) answers; else 503.")
            .WithDisplayName("GET /health/ready");
        return routes;
    }

    private static Task WriteAsync(HttpContext context, string status, IReadOnlyList<string> failed) =>
        failed.Count == 0
            ? context.Response.WriteAsJsonAsync(new HealthResponse(status), context.RequestAborted)
            : Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready.",
                $"Not reachable yet: {string.Join(", ", failed)}.").ExecuteAsync(context);
}
