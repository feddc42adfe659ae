using System.Net;
using System.Net.Sockets;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// HTTP clients whose connections come from a chosen loopback address (127.0.0.0/8 is all loopback on Linux), so a
/// test can play a stranger and a legitimate caller from different source addresses against the same gateway.
/// </summary>
public static class SourceAddress
{
    public static HttpClient Client(Uri baseAddress, string sourceAddress)
    {
        var local = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
