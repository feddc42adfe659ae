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
            TokensPerPeriod = Math.Max(1, options.Value.PermitsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
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
}
