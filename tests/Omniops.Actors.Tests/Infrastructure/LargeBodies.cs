namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// Large request bodies are sent as careful clients (curl among them) send them: with <c>Expect: 100-continue</c>.
/// A server that refuses a body by its declared length answers before the body is sent; without the header it
/// answers while the client is still writing and closes, and the client may see a broken pipe instead of the 413.
/// </summary>
public static class LargeBodies
{
    /// <summary>Bodies above this size wait for the server's go-ahead.</summary>
    public const long Threshold = 64 * 1024;

    /// <summary>How long a client waits for <c>100 Continue</c> or a final answer before sending anyway.</summary>
    public static readonly TimeSpan ContinueTimeout = TimeSpan.FromSeconds(30);

    public static HttpRequestMessage WithExpectContinueIfLarge(this HttpRequestMessage request)
    {
        if (request.Content?.Headers.ContentLength > Threshold)
        {
            request.Headers.ExpectContinue = true;
        }

        return request;
    }

    /// <summary>A client for the test gateway that waits long enough for the server's early answer.</summary>
    public static HttpClient Client(Uri address) =>
        new(new SocketsHttpHandler { Expect100ContinueTimeout = ContinueTimeout }) { BaseAddress = address };
}
