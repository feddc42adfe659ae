using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// What unauthenticated traffic each source address may cost: a token bucket per address of
/// <see cref="GatewayOptions.AnonymousPermitsPerSecond"/> and <see cref="GatewayOptions.AnonymousBurst"/>. The API's
/// unauthenticated requests spend it through ASP.NET Core's rate limiter (<see cref="GatewaySecurityExtensions"/>);
/// webhook deliveries spend it only when refused before their signature verifies (<see cref="Charge"/>), so a platform's
/// verified deliveries never do, and a source that has spent it is refused before anything is read
/// (<see cref="IsExhausted"/>).
/// </summary>
public sealed class SourceAddressLimiter(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => BucketOptions(options.Value)));

    /// <summary>The bucket every source address gets.</summary>
    public static TokenBucketRateLimiterOptions BucketOptions(GatewayOptions options) =>
        TokenBuckets.Of(options.AnonymousPermitsPerSecond, options.AnonymousBurst);

    /// <summary>
    /// The partition key of the request's source: an IPv4 address (also when it arrives IPv4-mapped), or an IPv6
    /// address's /64 prefix — one host usually holds a whole /64, and per-address buckets would give it 2^64 of them.
    /// </summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new System.Net.IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>
    /// Whether the address has less than one permit left. (Not <c>AttemptAcquire(0)</c>: a token bucket refills
    /// continuously and answers that probe with success for any fraction of a token.)
    /// </summary>
    public bool IsExhausted(HttpContext context) => _limiter.GetStatistics(AddressOf(context)) is { CurrentAvailablePermits: < 1 };

    public void Charge(HttpContext context) => _limiter.AttemptAcquire(AddressOf(context)).Dispose();

    public void Dispose() => _limiter.Dispose();
}
