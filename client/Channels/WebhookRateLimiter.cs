using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// One token bucket per tenant (in this gateway process): a tenant's burst cannot starve another's deliveries.
/// Rejected deliveries are told when to retry; platforms retry, so nothing they sent is lost.
/// </summary>
public sealed class WebhookRateLimiter(IOptions<WebhookOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(tenantId =>
        RateLimitPartition.GetTokenBucketLimiter(tenantId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = TokensPerPeriod(options.Value.PermitsPerSecond),
            ReplenishmentPeriod = ReplenishmentPeriod(options.Value.PermitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the delivery may proceed; otherwise how long the sender should wait.</summary>
    public TimeSpan? TryAcquire(string tenantId)
    {
        using var lease = _limiter.AttemptAcquire(tenantId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();

    // Refill in about ten steps a second, and exactly at the configured rate: 100/s is 10 tokens every 100 ms, 15/s is
    // one token every 66.7 ms, 1/s is one token every second.
    private static int TokensPerPeriod(int permitsPerSecond) => Math.Max(1, permitsPerSecond / 10);

    private static TimeSpan ReplenishmentPeriod(int permitsPerSecond) =>
        TimeSpan.FromTicks(TimeSpan.TicksPerSecond * TokensPerPeriod(permitsPerSecond) / permitsPerSecond);
}
