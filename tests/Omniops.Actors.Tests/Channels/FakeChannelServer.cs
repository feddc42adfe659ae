using System.Collections.Concurrent;
using System.Net;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// A local HTTP server standing in for a channel's API (the WhatsApp Graph API, a merchant's webhook endpoint) on
/// 127.0.0.1: it records every request and answers 500 to the first <see cref="FailFirst"/> of them, 200 after.
/// </summary>
public sealed class FakeChannelServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _answered;

    public FakeChannelServer(int port, int failFirst = 0)
    {
        FailFirst = failFirst;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>On the port the deployment's WhatsApp Graph API base points at.</summary>
    public static FakeChannelServer Graph(int failFirst = 0) => new(OmniopsTestCluster.FakeChannelPort, failFirst);

    public int FailFirst { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (or the timeout passed); the requests.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Requests.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return [.. Requests];
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // Stopped while waiting for a request.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
            var failing = Interlocked.Increment(ref _answered) <= FailFirst;
            context.Response.StatusCode = failing ? 500 : 200;
            context.Response.ContentType = "application/json";
            var answer = failing ? """{"error":{"message":"temporarily unavailable","code":1}}"""u8.ToArray()
                : """{"messaging_product":"whatsapp","messages":[{"id":"wamid.fake"}]}"""u8.ToArray();
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }
}
