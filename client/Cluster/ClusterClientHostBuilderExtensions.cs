using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omniops.Actors.GrainInterfaces;
using Orleans.Configuration;

namespace Omniops.Actors.Client.Cluster;

public static class ClusterClientHostBuilderExtensions
{
    /// <summary>
    /// The standalone gateway's Orleans client: with <c>ConnectionStrings__Omniops</c>, it finds silos through the
    /// ADO.NET membership table and registers the <see cref="Npgsql.NpgsqlDataSource"/> (logging through the host's
    /// pipeline) for whatever else on the gateway reads the database; without, it joins an embedded node on
    /// localhost. With <c>Omniops__Tls__*</c> set, it speaks mutual TLS to the silos. How often it re-reads the live
    /// gateways comes from <c>Omniops__Cluster__Gateway__*</c> (<see cref="GatewayOptions"/>, e.g.
    /// <c>__GatewayListRefreshPeriod</c>), how long it waits for an answer from <c>Omniops__Cluster__Messaging__*</c>
    /// (<see cref="ClientMessagingOptions"/>, e.g. <c>__ResponseTimeout</c>).
    /// </summary>
    public static IHostApplicationBuilder UseOmniopsClusterClient(this IHostApplicationBuilder builder)
    {
        var deployment = OmniopsDeployment.For(builder.Services, builder.Configuration);
        var cluster = ClusterSettings.From(builder.Configuration);
        var tls = TlsSettings.From(builder.Configuration);
        if (!deployment.IsEmbedded)
        {
            builder.Services.AddNpgsqlDataSource(deployment.ConnectionString);
        }

        builder.UseOrleansClient(client =>
        {
            if (tls is not null)
            {
                client.UseTls(tls.Apply);
            }

            if (deployment.IsEmbedded)
            {
                client.UseLocalhostClustering(cluster.GatewayPort);
                return;
            }

            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            client.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(ClusterSettings.Section + ":Gateway"));
            client.Services.Configure<ClientMessagingOptions>(builder.Configuration.GetSection(ClusterSettings.Section + ":Messaging"));
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = OmniopsDeployment.Invariant;
                o.ConnectionString = deployment.ConnectionString;
            });
        });
        return builder;
    }
}
