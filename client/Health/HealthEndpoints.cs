using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Health;

/// <summary>Liveness (the process answers) and readiness (a grain round trip through the cluster succeeds).</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse("live")));
        routes.MapGet("/health/ready", async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> (IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            CallerContext.Current = CallerContext.Gateway(null);
            try
            {
                await grains.GetHealthGrain().PingAsync().WaitAsync(ReadyTimeout, cancellationToken);
                return TypedResults.Ok(new HealthResponse("ready"));
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready.", "The cluster cannot be reached yet.");
            }
        });
        return routes;
    }
}
