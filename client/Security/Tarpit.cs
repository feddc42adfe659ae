using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Holds the answer to a source that is over its limit for <see cref="GatewayOptions.RefusalDelayMilliseconds"/>
/// before sending the 429. A request costs the gateway almost nothing while it waits (a timer, an open connection),
/// but a connection can carry one request at a time, so a flood that waits for its answers — every HTTP/1.1 client —
/// slows to one request per connection per delay instead of taking the cores from everybody else. At most
/// <see cref="MaxHeld"/> answers are held at once; past that they go out at once, with <c>Connection: close</c>, so
/// a flood of connections pays for its handshakes.
/// </summary>
public sealed class Tarpit(IOptions<GatewayOptions> options)
{
    public const int MaxHeld = 10_000;

    private int _held;

    public async Task HoldAsync(HttpContext context)
    {
        var delay = options.Value.RefusalDelayMilliseconds;
        if (delay == 0)
        {
            return;
        }

        if (Interlocked.Increment(ref _held) > MaxHeld)
        {
            Interlocked.Decrement(ref _held);
            context.Response.Headers.Connection = "close";
            return;
        }

        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up waiting: nothing more to send.
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}
