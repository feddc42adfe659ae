using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omniops.Actors.Client.Cluster;
using Omniops.Actors.Client.Logging;
using Omniops.Actors.Grains;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Logging;

/// <summary>
/// Npgsql logs through each host's own pipeline (the data source is registered with the host's logger factory), so
/// even with parameter logging and Npgsql's debug level switched on, a secret or e-mail address bound to a failing
/// statement never reaches a log line.
/// </summary>
public sealed class DatabaseLogRedactionTests
{
    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public async Task AFailingStatementsParametersNeverReachALogLineWhileNpgsqlAndTheFailureAreLogged(string host)
    {
        var (application, owner, _) = await PostgresServer.Instance.CreateDatabaseAsync("npgsqllog");
        var logFile = Path.Combine(Path.GetTempPath(), $"omniops-npgsql-{Guid.NewGuid():N}.log");
        var settings = OmniopsTestCluster.Settings(application + ";Log Parameters=true", owner, "npgsqllog", "omniops-npgsqllog", logFile);
        settings[LoggingHostBuilderExtensions.LevelsSection + ":Npgsql"] = "Debug";
        var canarySecret = "canary" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var canaryEmail = $"canary.{Guid.NewGuid():N}@example.com";

        try
        {
            PostgresException failure;
            using (var composed = Compose(host, settings).Build())
            {
                // The data source the host itself registered: the stores' on a silo, the readiness check's on a gateway.
                var dataSource = composed.Services.GetRequiredService<NpgsqlDataSource>();
                await using var command = dataSource.CreateCommand("SELECT $1::integer AS omniops_probe, $2::text");
                command.Parameters.Add(new NpgsqlParameter { Value = canaryEmail });
                command.Parameters.Add(new NpgsqlParameter { Value = canarySecret });
                failure = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());

                // Logged the way a store logs a failed write: the exception, whose text quotes the offending value.
                var logger = composed.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Omniops.Probe");
#pragma warning disable CA1848 // deliberately an ad-hoc log call: the pipeline, not the call site, must redact
                logger.LogError(failure, "The probe statement failed");
#pragma warning restore CA1848
            }

            // Disposing the host flushed and closed its file sink.
            var log = await File.ReadAllTextAsync(logFile);
            Assert.Contains(canaryEmail, failure.Message, StringComparison.Ordinal);
            // Npgsql's own line for the statement, with its parameters: absent if the data source were built without
            // the host's logger factory.
            Assert.Contains("Executing command: SELECT $1::integer AS omniops_probe", log, StringComparison.Ordinal);
            Assert.Contains("Parameters:", log, StringComparison.Ordinal);
            Assert.Contains("The probe statement failed", log, StringComparison.Ordinal);
            Assert.Contains(PostgresErrorCodes.InvalidTextRepresentation, log, StringComparison.Ordinal);
            Assert.Contains("[redacted]", log, StringComparison.Ordinal);
            Assert.DoesNotContain(canaryEmail, log, StringComparison.Ordinal);
            Assert.DoesNotContain(canarySecret, log, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(logFile);
        }
    }

    /// <summary>A host composed as the silo or the standalone gateway composes itself; built, never started.</summary>
    private static HostApplicationBuilder Compose(string host, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddOmniopsLogging();
        if (host == "silo")
        {
            builder.UseOrleans(silo => silo.AddOmniops());
        }
        else
        {
            builder.UseOmniopsClusterClient();
        }

        return builder;
    }
}
