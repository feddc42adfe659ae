using Microsoft.Extensions.Configuration;

namespace Omniops.Actors.GrainInterfaces;

/// <summary>
/// The cluster's names and ports (section <c>Omniops:Cluster</c>), shared by silos and gateways.
/// Defaults: cluster and service id <c>omniops</c>, silo port 11111, gateway port 30000, dashboard port 8080.
/// </summary>
public sealed record ClusterSettings(string ClusterId, string ServiceId, int SiloPort, int GatewayPort, int DashboardPort, string? AdvertisedAddress)
{
    public const string Section = "Omniops:Cluster";

    public static ClusterSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new ClusterSettings(
            section["ClusterId"] ?? "omniops",
            section["ServiceId"] ?? "omniops",
            section.GetValue("SiloPort", 11111),
            section.GetValue("GatewayPort", 30000),
            section.GetValue("DashboardPort", 8080),
            section["AdvertisedAddress"]);
    }
}
