using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// The connection pool of the privacy work (<see cref="StorageNames.Privacy"/>): the runtime's connection string with
/// at most <see cref="ConnectionsKey"/> connections (default <see cref="DefaultConnections"/>) and
/// <see cref="ApplicationNameSuffix"/> appended to its application name, so <c>pg_stat_activity</c> tells its server processes apart.
/// </summary>
public static class PrivacyPool
{
    /// <summary>How many connections each of the privacy pools opens at most (its stores' data source, its grain state).</summary>
    public const string ConnectionsKey = "Omniops:PrivacyRequests:Connections";

    /// <summary>
    /// Two: an offboarding's data steps (conversations with the next page's probe, Orleans rows, tenant rows, reminders)
    /// take turns on them. The work is bound by the CPU, and every further server process meets the statements with cold
    /// caches; the interleaved runs behind this choice are in docs/benchmarks.md (privacy).
    /// </summary>
    public const int DefaultConnections = 2;

    /// <summary>What the privacy pool's connections append to the runtime's application name (<c>omniops</c> when it has none).</summary>
    public const string ApplicationNameSuffix = "-privacy";

    public static int Connections(IConfiguration configuration)
    {
        var connections = configuration.GetValue<int?>(ConnectionsKey) ?? DefaultConnections;
        if (connections is < 1 or > 64)
        {
            throw new InvalidOperationException($"{ConnectionsKey} is between 1 and 64 (default {DefaultConnections}).");
        }

        return connections;
    }

    /// <summary>The privacy pool's connection string, from the runtime's (already tuned) one.</summary>
    public static string ConnectionString(string runtimeConnectionString, int connections)
    {
        var privacy = new NpgsqlConnectionStringBuilder(runtimeConnectionString) { MaxPoolSize = connections };
        if (privacy.MinPoolSize > connections)
        {
            privacy.MinPoolSize = connections;
        }

        privacy.ApplicationName = (string.IsNullOrEmpty(privacy.ApplicationName) ? "omniops" : privacy.ApplicationName) + ApplicationNameSuffix;
        return privacy.ConnectionString;
    }
}
