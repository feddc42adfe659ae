using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Refuses an API request whose declared <c>Content-Length</c> is over the body limit before anything reads the body.
/// Left to Kestrel, the limit trips when the body is read, and Kestrel then closes the connection while the client is
/// still writing: a client without <c>Expect: 100-continue</c> sees a broken pipe instead of the 413. Here the answer
/// goes out first and, for a body up to <see cref="MaxDrainBytes"/>, Kestrel drains the unread rest (it gives up after
/// five seconds) so the client reads the 413 and keeps its connection; a larger declared body is not read at all (the
/// connection closes, as before). Webhook routes are left alone: each channel has its own limit, and refusals there are
/// audited (<see cref="Channels.WebhookIntake"/>).
/// </summary>
public sealed class DeclaredBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    /// <summary>The largest refused body that is drained rather than cut off. 16 MiB.</summary>
    public const long MaxDrainBytes = 16 * 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength is { } declared && declared > limit && !context.Request.Path.StartsWithSegments("/webhooks", StringComparison.Ordinal))
        {
            AllowDrain(context);
            return Problems.TooLarge(limit).ExecuteAsync(context);
        }

        return next(context);
    }

    /// <summary>
    /// Called when a request is refused by its declared length and its body will not be read: Kestrel would refuse to
    /// drain past the body limit too, so the limit is lifted for a body up to <see cref="MaxDrainBytes"/> (only the
    /// discarded rest goes through) and the client reads the answer on a connection that stays open.
    /// </summary>
    public static void AllowDrain(HttpContext context)
    {
        if (context.Request.ContentLength <= MaxDrainBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
    }
}
