using System.Net;
using System.Net.Sockets;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// An <see cref="HttpClient"/> whose connections leave from a chosen loopback address (the socket is bound to it
/// before it connects), so a gateway that limits per source address sees the legitimate client and the flood as
/// different peers. Only 127.0.0.0/8 is accepted, as source and as destination.
/// </summary>
public static class LoopbackClient
{
    /// <param name="source">The local address to bind, e.g. 127.0.0.2.</param>
    /// <param name="connections">At most this many connections to the gateway.</param>
    public static HttpClient Create(IPAddress source, int connections)
    {
        if (!IPAddress.IsLoopback(source) || source.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{source} is not an IPv4 loopback address.", nameof(source));
        }

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, cancellation) =>
            {
                if (!IPAddress.TryParse(context.DnsEndPoint.Host, out var destination) || !IPAddress.IsLoopback(destination))
                {
                    throw new InvalidOperationException($"The benchmark connects to loopback only, not to {context.DnsEndPoint.Host}.");
                }

                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(destination, context.DnsEndPoint.Port), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary><c>127.0.0.{n}</c>.</summary>
    public static IPAddress Address(int n) => new([127, 0, 0, (byte)n]);
}
