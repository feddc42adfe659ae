using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// Sends generated requests to a gateway and returns the status code; a request that gets no answer within
/// <see cref="Timeout"/> is a hang (status 0), a finding like a 5xx.
/// </summary>
public sealed class HostileSender(Uri address, string? bearerKey = null) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address, Timeout = Timeout };

    public async Task<int> SendAsync(HostileRequest request)
    {
        try
        {
            // HttpClient refuses to send CR/LF, other controls and non-ASCII in headers: those go on the socket as Latin-1.
            return request.Raw || request.Headers.Any(h => h.Value.Any(c => c > 127 || char.IsControl(c)))
                ? await SendRawAsync(request)
                : await SendHttpAsync(request);
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
        catch (HttpRequestException) when (!request.Raw)
        {
            // The server answered early (413, 431) and closed while HttpClient was still writing the body: send it again on a
            // socket of our own, which reads the answer whatever was written.
            return await SendRawAsync(request);
        }
    }

    private async Task<int> SendHttpAsync(HostileRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Method != "GET")
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        if (bearerKey is not null && !request.Headers.Any(h => h.Name == "Authorization"))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>The request written byte for byte (header values as given, CR/LF included), on a connection of its own.</summary>
    private async Task<int> SendRawAsync(HostileRequest request)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {request.Body.Length}\r\n");
        if (request.ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {request.ContentType}\r\n");
        }

        if (bearerKey is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {bearerKey}\r\n");
        }

        foreach (var (name, value) in request.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), timeout.Token);
            await stream.WriteAsync(request.Body, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before reading everything (a refused header): read what it said.
        }

        var buffer = new byte[64];
        var read = 0;
        while (read < 12)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var line = Encoding.ASCII.GetString(buffer, 0, read);
        return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : -1;
    }

    public void Dispose() => _http.Dispose();
}
