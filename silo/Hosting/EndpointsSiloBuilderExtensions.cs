using System.Net;
using Omniops.Actors.GrainInterfaces;
using Orleans.Configuration;

namespace Omniops.Actors.Silo.Hosting;

public static class EndpointsSiloBuilderExtensions
{
    /// <summary>
    /// Silo-to-silo and client gateway ports (<c>Omniops__Cluster__SiloPort</c>, <c>__GatewayPort</c>) and the address
    /// other silos reach this one at (<c>__AdvertisedAddress</c>; default: Orleans picks the host's address). The
    /// embedded node's localhost clustering already set them.
    /// </summary>
    public static ISiloBuilder UseOmniopsEndpoints(this ISiloBuilder builder)
    {
        if (OmniopsDeployment.For(builder.Services, builder.Configuration).IsEmbedded)
        {
            return builder;
        }

        var cluster = ClusterSettings.From(builder.Configuration);
        return builder.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = cluster.SiloPort;
            o.GatewayPort = cluster.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.GatewayPort);
            if (cluster.AdvertisedAddress is { } advertised)
            {
                o.AdvertisedIPAddress = IPAddress.TryParse(advertised, out var address)
                    ? address
                    : Dns.GetHostAddresses(advertised).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            }
        });
    }
}
