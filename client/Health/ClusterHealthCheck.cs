using Microsoft.Extensions.Diagnostics.HealthChecks;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Health;

/// <summary>
/// Readiness: a grain call through the cluster (the health grain's ping, as the gateway) comes back in time; the ping
/// fails while the answering silo's database does not answer, so this also reports PostgreSQL being down.
/// </summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "cluster";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallerContext.RunAsAsync(CallerContext.Gateway(null),
                () => grains.GetHealthGrain().PingAsync().WaitAsync(HealthEndpoints.CheckTimeout, cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster or its database cannot be reached.");
        }
    }
}
