using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Omniops.Actors.Client.Health;

/// <summary>
/// Readiness: <c>SELECT 1</c> through the process's <see cref="NpgsqlDataSource"/>, when one is registered (a silo or
/// gateway in PostgreSQL mode). Without one (the embedded node, a gateway that reaches PostgreSQL only through the
/// cluster) there is nothing to check here and the check passes.
/// </summary>
public sealed class PostgresHealthCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "postgresql";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            return HealthCheckResult.Healthy("No PostgreSQL data source in this process.");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.");
        }
    }
}
