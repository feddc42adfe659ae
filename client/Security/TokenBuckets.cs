using System.Threading.RateLimiting;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// Token-bucket settings that refill at exactly the configured rate. A partitioned limiter replenishes its buckets from
/// one timer every 100 ms, and an auto-replenishing bucket then adds its tokens on every tick whatever its period; so
/// the bucket refills about ten times a second: 100/s is 10 tokens every 100 ms, 15/s one token every 66.7 ms, 1/s
/// one token every second.
/// </summary>
public static class TokenBuckets
{
    public static TokenBucketRateLimiterOptions Of(int permitsPerSecond, int burst)
    {
        var tokensPerPeriod = Math.Max(1, permitsPerSecond / 10);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * tokensPerPeriod / permitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
