using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// What unauthenticated traffic each source may cost. A source is an IPv4 address or an IPv6 /64 (after the trusted
/// proxies' <c>X-Forwarded-For</c>, when <see cref="GatewayOptions.TrustedProxies"/> names them).
/// <list type="bullet">
/// <item>A token bucket per source (<see cref="GatewayOptions.AnonymousPermitsPerSecond"/>,
/// <see cref="GatewayOptions.AnonymousBurst"/>), spent by every unauthenticated API request (through ASP.NET Core's
/// rate limiter: <see cref="UnauthenticatedRequestLimiter"/>) and by every webhook delivery refused before its
/// signature verifies (<see cref="Charge"/>), never by a verified one. A source that has spent it is refused before
/// anything is read (<see cref="IsExhausted"/>), and its keys are checked only against what the gateway has cached.</item>
/// <item>A cap on a source's webhook deliveries whose signature is still being checked
/// (<see cref="GatewayOptions.UnverifiedDeliveriesPerSource"/>, with a queue four times as long): many connections
/// cannot multiply the bucket, whose tokens are only taken once a verification has failed.</item>
/// </list>
/// </summary>
public sealed class SourceAddressLimiter(IOptions<GatewayOptions> options) : IDisposable
{
    private const string LeaseKey = "omniops.unverified-lease";
    private const string PrepaidKey = "omniops.unverified-prepaid";

    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(source =>
        RateLimitPartition.GetTokenBucketLimiter(source, _ => TokenBuckets.Of(options.Value.AnonymousPermitsPerSecond, options.Value.AnonymousBurst)));

    private readonly PartitionedRateLimiter<string> _unverified = PartitionedRateLimiter.Create<string, string>(source =>
        RateLimitPartition.GetConcurrencyLimiter(source, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.UnverifiedDeliveriesPerSource,
            QueueLimit = 4 * options.Value.UnverifiedDeliveriesPerSource,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    // A source over its limit still gets a trickle of tenant-directory reads, so a legitimate key behind the same
    // address as a flood (a NAT, a proxy) is not locked out while a flood of invented ids costs at most this.
    private readonly PartitionedRateLimiter<string> _directoryReads = PartitionedRateLimiter.Create<string, string>(source =>
        RateLimitPartition.GetTokenBucketLimiter(source, _ => TokenBuckets.Of(ExhaustedDirectoryReadsPerSecond, ExhaustedDirectoryReadsPerSecond)));

    /// <summary>Tenant-directory reads a second for a source over its limit (misses of the gateway's cache).</summary>
    public const int ExhaustedDirectoryReadsPerSecond = 10;

    /// <summary>The per-source token buckets (shared with ASP.NET Core's rate limiter).</summary>
    internal PartitionedRateLimiter<string> Buckets => _buckets;

    /// <summary>The partition key of the request's source: an IPv4 address (also when it arrives IPv4-mapped) or an IPv6 /64.</summary>
    public static string AddressOf(HttpContext context) => Prefix(context.Connection.RemoteIpAddress, 32, 64);

    /// <summary>
    /// The source as the audit trail keeps it: an IPv4 /24 or an IPv6 /48 — enough to tell one scanner from many,
    /// not enough to name a person's connection.
    /// </summary>
    public static string CoarseSourceOf(HttpContext context) => Prefix(context.Connection.RemoteIpAddress, 24, 48);

    /// <summary>Whether the source has less than one permit left. (Not <c>AttemptAcquire(0)</c>: a continuously refilled bucket answers that with success for any fraction of a token.)</summary>
    public bool IsExhausted(HttpContext context) => _buckets.GetStatistics(AddressOf(context)) is { CurrentAvailablePermits: < 1 };

    /// <summary>Whether a source over its limit may still read the tenant directory once now (see <see cref="ExhaustedDirectoryReadsPerSecond"/>).</summary>
    public bool TryTakeDirectoryRead(HttpContext context)
    {
        using var lease = _directoryReads.AttemptAcquire(AddressOf(context));
        return lease.IsAcquired;
    }

    /// <summary>Spends one of the source's permits: a delivery was refused before its signature verified (unless it paid on entry).</summary>
    public void Charge(HttpContext context)
    {
        if (!context.Items.Remove(PrepaidKey))
        {
            _buckets.AttemptAcquire(AddressOf(context)).Dispose();
        }
    }

    /// <summary>
    /// Waits for one of the source's unverified-delivery slots; false when the queue is full too, or the source has spent
    /// its budget. While the budget holds at least as many permits as there are slots, a delivery enters free and pays
    /// only if refused (<see cref="Charge"/>): the deliveries in flight can never owe more than is left. Below that — a
    /// source that has been refused nearly its whole budget — each delivery pays on entry, so concurrency cannot
    /// overdraw it. The slot is given back by <see cref="LeaveUnverified"/> once the signature is judged, or at the
    /// latest when the response ends.
    /// </summary>
    public async ValueTask<bool> EnterUnverifiedAsync(HttpContext context)
    {
        var source = AddressOf(context);
        var lease = await _unverified.AcquireAsync(source, 1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return false;
        }

        context.Items[LeaseKey] = lease;
        context.Response.RegisterForDispose(lease);
        if (_buckets.GetStatistics(source) is { } budget && budget.CurrentAvailablePermits < options.Value.UnverifiedDeliveriesPerSource)
        {
            using var payment = _buckets.AttemptAcquire(source);
            if (!payment.IsAcquired)
            {
                LeaveUnverified(context);
                return false;
            }

            context.Items[PrepaidKey] = true;
        }

        return true;
    }

    public static void LeaveUnverified(HttpContext context)
    {
        if (context.Items.Remove(LeaseKey, out var lease) && lease is RateLimitLease held)
        {
            held.Dispose();
        }
    }

    public void Dispose()
    {
        _buckets.Dispose();
        _unverified.Dispose();
        _directoryReads.Dispose();
    }

    private static string Prefix(IPAddress? address, int ipv4Bits, int ipv6Bits)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? ipv6Bits : ipv4Bits;
        var network = new IPNetwork(Masked(address, bits), bits);
        return bits == (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32) ? address.ToString() : network.ToString();
    }

    private static IPAddress Masked(IPAddress address, int bits)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
