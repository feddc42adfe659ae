using System.ComponentModel.DataAnnotations;

namespace Omniops.Actors.Client.Security;

/// <summary>The gateway's own settings (section <c>Omniops</c>). Never printed.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Omniops";

    /// <summary>
    /// The operator bearer key (<c>Omniops__OperatorKey</c>), at least 32 characters. Default: unset; the embedded node
    /// then generates one and prints it once on the console, and a PostgreSQL deployment refuses to start.
    /// </summary>
    [MinLength(32)]
    public string? OperatorKey { get; set; }

    /// <summary>The largest request body accepted, in bytes. Default: 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a gateway trusts what it read from the tenant directory (<c>Omniops__DirectoryCacheSeconds</c>): a key
    /// revoked through another gateway is refused here at most this long after. Default 5 seconds.
    /// </summary>
    [Range(1, 300)]
    public int DirectoryCacheSeconds { get; set; } = 5;

    /// <summary>
    /// Refusals before authentication (failed sign-ins, unverified webhooks, rate-limited requests) audited one by one
    /// per log, minute, operation and reason (<c>Omniops__RejectionAuditsPerMinute</c>); the rest are counted into one
    /// summary event a minute. Default 60.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RejectionAuditsPerMinute { get; set; } = 60;

    /// <summary>
    /// Unauthenticated requests each source address may make per second (<c>Omniops__AnonymousPermitsPerSecond</c>):
    /// health probes, the OpenAPI document, requests with a missing or wrong key, and webhook deliveries that are
    /// refused before their signature verifies. Authenticated requests and verified deliveries never spend it.
    /// Default 20.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AnonymousPermitsPerSecond { get; set; } = 20;

    /// <summary>How many such requests a source address may make at once after a quiet spell (<c>Omniops__AnonymousBurst</c>). Default 100.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousBurst { get; set; } = 100;

    /// <summary>
    /// How long the 429 to a source over its limit is held before it is sent (<c>Omniops__RefusalDelayMilliseconds</c>;
    /// 0: at once). A flood that waits for its answers then slows to one request per connection and delay. Default 1000.
    /// </summary>
    [Range(0, 30_000)]
    public int RefusalDelayMilliseconds { get; set; } = 1000;

    /// <summary>
    /// Webhook deliveries from one source whose signature is being checked at once
    /// (<c>Omniops__UnverifiedDeliveriesPerSource</c>); four times as many wait, the rest get 429. Default 16.
    /// </summary>
    [Range(1, 10_000)]
    public int UnverifiedDeliveriesPerSource { get; set; } = 16;

    /// <summary>
    /// The reverse proxies (IP addresses or CIDR networks, <c>Omniops__TrustedProxies__0</c>, …) whose
    /// <c>X-Forwarded-For</c> names the real client. Default: none — the connection's address is the source, and a
    /// proxy in front makes every client one source.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public override string ToString() => $"{nameof(GatewayOptions)} {{ OperatorKey = {(OperatorKey is null ? "unset" : "[redacted]")} }}";
}
