using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Silo.Hosting;

public static class EndpointsSiloBuilderExtensions
{
    /// <summary>
    /// Silo-to-silo and client gateway ports (<c>Omniops__Cluster__SiloPort</c>, <c>__GatewayPort</c>), listened on
    /// every address of the host, and the address other silos reach this one at (<c>__AdvertisedAddress</c>, an IP
    /// address or a host name; default: Orleans picks the host's address). The embedded node's localhost clustering
    /// already set them.
    /// </summary>
    public static ISiloBuilder UseOmniopsEndpoints(this ISiloBuilder builder)
    {
        if (OmniopsDeployment.For(builder.Services, builder.Configuration).IsEmbedded)
        {
            return builder;
        }

        var cluster = ClusterSettings.From(builder.Configuration);
        return builder.ConfigureEndpoints(cluster.AdvertisedAddress, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
    }
}
