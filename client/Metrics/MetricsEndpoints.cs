using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces.Metrics;
using OpenTelemetry.Metrics;

namespace Omniops.Actors.Client.Metrics;

/// <summary>
/// Operators' signals: the runtime's meter (<see cref="OmniopsMeter"/>) and Orleans' own (<see cref="OrleansMeter"/>)
/// exported through OpenTelemetry as Prometheus text on <c>GET /metrics</c>, for the operator key only (like the
/// <c>/ops</c> routes: a caller without it is 401). Every process that serves the HTTP API exposes what was recorded
/// in it: a silo its grains' signals (audit appends, retention sweeps, AI calls) and the requests it answered; the
/// standalone gateway the requests it answered (webhook ingest, rejections). Scrape every process.
/// </summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>The meter Orleans records its runtime signals on (messaging, grains, membership, …).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddOmniopsMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OmniopsMeter.Name, OrleansMeter)
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint(Path)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]), new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["text/plain"]))
            .RequireAuthorization(Policies.Operator)
            .WithName("Metrics").WithSummary("The operator's signals of this process, in Prometheus text (operator key only).")
            .WithDisplayName("GET /metrics");
        return routes;
    }
}
