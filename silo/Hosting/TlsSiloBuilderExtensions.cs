using Omniops.Actors.Client.Cluster;

namespace Omniops.Actors.Silo.Hosting;

public static class TlsSiloBuilderExtensions
{
    /// <summary>Mutual TLS on silo-to-silo and gateway connections when <c>Omniops__Tls__Certificate</c> is set.</summary>
    public static ISiloBuilder UseOmniopsTls(this ISiloBuilder builder)
    {
        if (TlsSettings.From(builder.Configuration) is { } tls)
        {
            builder.UseTls(tls.Apply);
        }

        return builder;
    }
}
