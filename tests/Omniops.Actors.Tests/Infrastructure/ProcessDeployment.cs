using System.Globalization;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>Environments for the real executables of one PostgreSQL deployment, each on its own free loopback ports.</summary>
public static class ProcessDeployment
{
    /// <summary>What every silo and gateway of the deployment shares: database, keys, cluster ids.</summary>
    public static Dictionary<string, string?> Common(IReadOnlyDictionary<string, string?> settings) => new()
    {
        ["ConnectionStrings__Omniops"] = settings["ConnectionStrings:Omniops"],
        ["ConnectionStrings__OmniopsMigrations"] = settings["ConnectionStrings:OmniopsMigrations"],
        ["Omniops__MasterKey"] = settings["Omniops:MasterKey"],
        ["Omniops__Signing__KeyFile"] = settings["Omniops:Signing:KeyFile"],
        ["Omniops__OperatorKey"] = settings["Omniops:OperatorKey"],
        ["Omniops__Cluster__ClusterId"] = settings["Omniops:Cluster:ClusterId"],
        ["Omniops__Cluster__ServiceId"] = settings["Omniops:Cluster:ServiceId"],
        ["Omniops__Cluster__AdvertisedAddress"] = "127.0.0.1",
    };

    /// <summary>Starts a silo on free ports; returns it with its HTTP address.</summary>
    public static StartedHost StartSilo(IReadOnlyDictionary<string, string?> environment, string scheme = "http")
    {
        var url = new Uri($"{scheme}://127.0.0.1:{PostgresTools.FreePort()}");
        return new StartedHost(HostProcess.Start("silo", new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = url.ToString() }.WithFreeClusterPorts()), url);
    }

    /// <summary>Starts a standalone gateway; returns it with its HTTP address.</summary>
    public static StartedHost StartGateway(IReadOnlyDictionary<string, string?> environment, string scheme = "http")
    {
        var url = new Uri($"{scheme}://127.0.0.1:{PostgresTools.FreePort()}");
        return new StartedHost(HostProcess.Start("client", new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = url.ToString() }), url);
    }

    /// <summary>Free silo, gateway and dashboard ports, so several nodes share one machine.</summary>
    public static Dictionary<string, string?> WithFreeClusterPorts(this Dictionary<string, string?> environment)
    {
        foreach (var port in new[] { "SiloPort", "GatewayPort", "DashboardPort" })
        {
            environment.TryAdd($"Omniops__Cluster__{port}", PostgresTools.FreePort().ToString(CultureInfo.InvariantCulture));
        }

        return environment;
    }
}
