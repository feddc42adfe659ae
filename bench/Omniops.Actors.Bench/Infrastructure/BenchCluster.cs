using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// One-silo in-process clusters built like the tests' <c>OmniopsTestCluster</c>: the production silo extensions, the
/// TestingHost's own membership and in-memory transport between client and silo. No logging providers are added, so
/// the console stays free for the tables (the filter and the audit path log nothing on success anyway).
/// </summary>
public static class BenchCluster
{
    /// <summary>The configuration of one deployment; no connection string selects the embedded in-memory mode.</summary>
    public static Dictionary<string, string?> Settings(string? connectionString, string? migrationConnectionString, string name)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Omniops:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Omniops:OperatorKey"] = "opk." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            ["Omniops:Cluster:ClusterId"] = name + "-" + Guid.NewGuid().ToString("N")[..8],
            ["Omniops:Cluster:ServiceId"] = "omniops-bench-" + name,
        };
        if (connectionString is not null)
        {
            settings["ConnectionStrings:Omniops"] = connectionString;
            settings["ConnectionStrings:OmniopsMigrations"] = migrationConnectionString;
            using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyFile = Path.Combine(Path.GetTempPath(), "omniops-bench-signing-" + Guid.NewGuid().ToString("N")[..8] + ".pem");
            File.WriteAllText(keyFile, signing.ExportECPrivateKeyPem());
            settings["Omniops:Signing:KeyFile"] = keyFile;
        }

        return settings;
    }

    public static async Task<InProcessTestCluster> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<ISiloBuilder> configureSilo)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ClusterId = settings["Omniops:Cluster:ClusterId"]!;
        builder.Options.ServiceId = settings["Omniops:Cluster:ServiceId"]!;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) => configureSilo(silo));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
