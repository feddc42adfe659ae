using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Omniops.Actors.Client.Logging;
using Omniops.Actors.Grains;
using Orleans.TestingHost;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// Builds an in-process test cluster from the production silo extensions (<c>AddOmniops</c>, the Serilog
/// pipeline) on real PostgreSQL: grain storage, reminders, the audit store and the migrations. Membership is the
/// TestingHost's own (it always installs it); ADO.NET membership is exercised by the process-cluster tests.
/// </summary>
public static class OmniopsTestCluster
{
    /// <summary>The deployment's cooling-off window for destructive privacy requests (not the default, so binding is tested).</summary>
    public const string ComplianceCoolingOff = "1.12:00:00";

    /// <summary>The configuration every host of one test deployment shares.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string migrationConnectionString, string clusterId, string serviceId, string logFile) => new()
    {
        ["ConnectionStrings:Omniops"] = connectionString,
        ["ConnectionStrings:OmniopsMigrations"] = migrationConnectionString,
        ["Omniops:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Omniops:Signing:KeyFile"] = SigningKeyFile(Path.GetDirectoryName(logFile)!),
        ["Omniops:OperatorKey"] = "opk." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        ["Omniops:Cluster:ClusterId"] = clusterId,
        ["Omniops:Cluster:ServiceId"] = serviceId,
        ["Omniops:Compliance:CoolingOff"] = ComplianceCoolingOff,
        [LoggingHostBuilderExtensions.FileKey] = logFile,
    };

    /// <summary>Writes a fresh ECDSA P-256 private key (PEM) beside the logs and returns its path.</summary>
    public static string SigningKeyFile(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(directory, "signing-" + Guid.NewGuid().ToString("N")[..8] + ".pem");
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, key.ExportECPrivateKeyPem());
        return path;
    }

    /// <summary>
    /// Each host of a deployment logs to its own file beside the configured one (<c>{base}.{host}.log</c>): several
    /// file sinks appending to one file from one process would overwrite each other's lines.
    /// </summary>
    public static string LogFileOf(IReadOnlyDictionary<string, string?> settings, string host) =>
        Path.ChangeExtension(settings[LoggingHostBuilderExtensions.FileKey]!, null) + "." + host + ".log";

    /// <summary>Everything every host of the deployment has logged so far.</summary>
    public static async Task<string> ReadLogsAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var basePath = Path.ChangeExtension(settings[LoggingHostBuilderExtensions.FileKey]!, null);
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(basePath)!, Path.GetFileName(basePath) + ".*.log"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    public static InProcessTestCluster Build(IReadOnlyDictionary<string, string?> settings, short silos = 2, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ClusterId = settings["Omniops:Cluster:ClusterId"]!;
        builder.Options.ServiceId = settings["Omniops:Cluster:ServiceId"]!;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration[LoggingHostBuilderExtensions.FileKey] = LogFileOf(settings, silo.SiloName);
            host.AddOmniopsLogging();
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOmniops();
            configureSilo?.Invoke(silo);
        });
        return builder.Build();
    }
}
