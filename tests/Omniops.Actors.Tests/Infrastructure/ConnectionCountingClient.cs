using System.Net.Sockets;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// An HTTP client on at most one connection at a time that counts the TCP connections it opens, and sends large
/// bodies without <c>Expect: 100-continue</c>: it shows whether the server kept the connection after refusing a body.
/// </summary>
public sealed class ConnectionCountingClient : IDisposable
{
    private int _connections;

    public ConnectionCountingClient(Uri address)
    {
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref _connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = address };
    }

    public HttpClient Http { get; }

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose() => Http.Dispose();
}
