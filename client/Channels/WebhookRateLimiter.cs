using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// One token bucket per tenant (in this gateway process): a tenant's burst cannot starve another's deliveries.
/// Rejected deliveries are told when to retry; platforms retry, so nothing they sent is lost.
/// </summary>
public sealed class WebhookRateLimiter(IOptions<WebhookOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(tenantId =>
        RateLimitPartition.GetTokenBucketLimiter(tenantId, _ => TokenBuckets.Of(options.Value.PermitsPerSecond, options.Value.Burst)));

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
