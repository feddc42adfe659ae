using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// The documented request limits, answered with problem documents: a request target (path and query) over
/// <see cref="MaxRequestTargetBytes"/> gets 414, a header section over <see cref="MaxRequestHeadersBytes"/> or
/// <see cref="MaxRequestHeaderCount"/> header lines gets 431. Kestrel's own limits are raised above these
/// (<see cref="ConfigureKestrel"/>) because Kestrel refuses before the application runs, with an empty body.
/// <para>
/// What stays Kestrel's (a status with an empty body, and the connection closed): malformed request lines (an unknown
/// method, characters not allowed in a target, an unsupported HTTP version), malformed header lines, request lines over
/// <see cref="KestrelRequestLineBytes"/>, header sections over <see cref="KestrelHeadersBytes"/> or
/// <see cref="KestrelHeaderCount"/> lines, on HTTP/2 a single header field over Kestrel's field limit (16 KiB), broken
/// chunked framing, and requests whose headers do not arrive in time.
/// </para>
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    /// <summary>The longest request target answered: 8 KiB.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    /// <summary>The largest header section answered (each line counted as <c>name: value</c> and its line break): 32 KiB.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>The most header lines answered.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>Kestrel's own request-line limit, above <see cref="MaxRequestTargetBytes"/> and the method and version around it.</summary>
    public const int KestrelRequestLineBytes = 16 * 1024;

    /// <summary>Kestrel's own header-section limit.</summary>
    public const int KestrelHeadersBytes = 64 * 1024;

    /// <summary>Kestrel's own header-count limit.</summary>
    public const int KestrelHeaderCount = 2 * MaxRequestHeaderCount;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        if (target.Length > MaxRequestTargetBytes)
        {
            return Problems.Create(StatusCodes.Status414UriTooLong, "uri-too-long", "The request target is too long.",
                $"Request targets (path and query) are limited to {MaxRequestTargetBytes} bytes.").ExecuteAsync(context);
        }

        var (bytes, lines) = HeaderSection(context.Request.Headers);
        if (bytes > MaxRequestHeadersBytes || lines > MaxRequestHeaderCount)
        {
            return Problems.Create(StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "The request headers are too large.",
                $"Request headers are limited to {MaxRequestHeadersBytes} bytes in {MaxRequestHeaderCount} lines.").ExecuteAsync(context);
        }

        return next(context);
    }

    /// <summary>Raises Kestrel's limits above the answered ones, so requests between the two reach this middleware.</summary>
    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxRequestLineSize = KestrelRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = KestrelHeadersBytes;
        limits.MaxRequestHeaderCount = KestrelHeaderCount;
    }

    private static (long Bytes, int Lines) HeaderSection(IHeaderDictionary headers)
    {
        long bytes = 0;
        var lines = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2;
                lines++;
            }
        }

        return (bytes, lines);
    }
}
