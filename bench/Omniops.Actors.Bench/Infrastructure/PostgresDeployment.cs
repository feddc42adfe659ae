using Omniops.Actors.Grains;
using Orleans.TestingHost;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// The production configuration on PostgreSQL (<c>AddOmniops</c> with <c>ConnectionStrings:Omniops</c>, master key,
/// operator key; no tenant-deletion cooling-off), one silo, on a fresh database owned by a fresh application role, as in the tests' ClusterFixture.
/// </summary>
public sealed class PostgresDeployment : IAsyncDisposable
{
    private PostgresDeployment(InProcessTestCluster cluster, string application, string superuser) =>
        (Cluster, ApplicationConnectionString, SuperuserConnectionString) = (cluster, application, superuser);

    public InProcessTestCluster Cluster { get; }

    /// <summary>The application role's connection string (what the silo uses).</summary>
    public string ApplicationConnectionString { get; }

    public string SuperuserConnectionString { get; }

    public static async Task<PostgresDeployment> StartAsync(PostgresServer server, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var (application, owner, superuser) = await server.CreateDatabaseAsync("omniops_bench");
        var settings = BenchCluster.Settings(application, owner, "postgres");
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // The privacy benchmark times a tenant deletion from its request: no cooling-off (production: 7 days).
        settings["Omniops:Tenants:DeletionCoolingOff"] = "00:00:00";
        var cluster = await BenchCluster.StartAsync(settings, s => s.AddOmniops());
        return new PostgresDeployment(cluster, application, superuser);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
