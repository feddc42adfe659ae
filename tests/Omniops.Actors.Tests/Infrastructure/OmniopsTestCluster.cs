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

    /// <summary>The deployment's <c>Omniops:Tenants:DeletionCoolingOff</c>: short, so an offboarding runs within a test, long enough to cancel it first.</summary>
    public const string TenantDeletionCoolingOff = "00:00:05";

    /// <summary>
    /// The loopback port the deployment sends replies to (the WhatsApp Graph API base): a test listens on it with
    /// <c>FakeChannelServer</c> while it checks what arrives. Chosen free once per test run.
    /// </summary>
    public static readonly int FakeChannelPort = FreePort();

    /// <summary>The configuration every host of one test deployment shares.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string migrationConnectionString, string clusterId, string serviceId, string logFile) => new()
    {
        ["ConnectionStrings:Omniops"] = connectionString,
        ["ConnectionStrings:OmniopsMigrations"] = migrationConnectionString,
        ["Omniops:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Omniops:Signing:KeyFile"] = SigningKeyFile(Path.GetDirectoryName(logFile)!),
        ["Omniops:OperatorKey"] = "opk." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        ["Omniops:Channels:WhatsApp:GraphBaseUrl"] = $"http://127.0.0.1:{FakeChannelPort}/v24.0",
        ["Omniops:Outbox:BaseDelay"] = "00:00:00.200",
        ["Omniops:Outbox:MaxDelay"] = "00:00:01",
        ["Omniops:Outbox:MaxAttempts"] = "4",
        ["Omniops:Cluster:ClusterId"] = clusterId,
        ["Omniops:Cluster:ServiceId"] = serviceId,
        ["Omniops:Compliance:CoolingOff"] = ComplianceCoolingOff,
        ["Omniops:Tenants:DeletionCoolingOff"] = TenantDeletionCoolingOff,
        [LoggingHostBuilderExtensions.FileKey] = logFile,
        ["Omniops:Ai:Endpoint"] = "https://ai.example.test/v1/chat",
        ["Omniops:Ai:Model"] = "support-model-1",
        ["Omniops:Ai:Region"] = "eu-west",
        ["Omniops:Ai:RetentionDays"] = "30",
        ["Omniops:Ai:ApiKey"] = AiApiKey,
        ["Omniops:Privacy:Subprocessors:0:Name"] = "Example Hosting",
        ["Omniops:Privacy:Subprocessors:0:Purpose"] = "Hosting the service and its database",
        ["Omniops:Privacy:Subprocessors:0:Region"] = "eu-central",
        ["Omniops:Privacy:Subprocessors:0:DataCategories:0"] = "conversations",
        ["Omniops:Privacy:Subprocessors:0:DataCategories:1"] = "orders",
        ["Omniops:SecurityTxt:Contact:0"] = "mailto:security@omniops.example",
        ["Omniops:SecurityTxt:Contact:1"] = "https://omniops.example/security",
        ["Omniops:SecurityTxt:Expires"] = "2030-01-31T23:00:00Z",
        ["Omniops:SecurityTxt:PreferredLanguages"] = "en, de",
        ["Omniops:SecurityTxt:Canonical"] = "https://omniops.example/.well-known/security.txt",
        ["Omniops:SecurityTxt:Policy"] = "https://omniops.example/disclosure",
    };

    /// <summary>The AI provider key every test deployment is configured with: nothing may ever show it.</summary>
    public const string AiApiKey = "ai-key-never-shown-7f3a91";

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

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
