namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// The test gateway's client sends large bodies as careful clients (curl among them) do: with
/// <c>Expect: 100-continue</c>, so a body refused by its declared length is never sent at all. Clients that do not
/// wait are covered by their own tests (<see cref="ConnectionCountingClient"/>).
/// </summary>
public static class LargeBodies
{
    /// <summary>Bodies above this size wait for the server's go-ahead.</summary>
    public const long Threshold = 64 * 1024;

    /// <summary>How long the client waits for <c>100 Continue</c> or a final answer before sending anyway.</summary>
    public static readonly TimeSpan ContinueTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A client for the test gateway that asks before sending a large body and waits for the answer.</summary>
    public static HttpClient Client(Uri address) =>
        new(new ExpectContinueHandler(new SocketsHttpHandler { Expect100ContinueTimeout = ContinueTimeout })) { BaseAddress = address };

    private sealed class ExpectContinueHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content?.Headers.ContentLength > Threshold)
            {
                request.Headers.ExpectContinue = true;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
