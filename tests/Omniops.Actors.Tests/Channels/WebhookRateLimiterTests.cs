using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Channels;

namespace Omniops.Actors.Tests.Channels;

/// <summary>The per-tenant token bucket refills at the configured rate, also below ten a second.</summary>
public sealed class WebhookRateLimiterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(15)]
    public void AnEmptyBucketAsksTheSenderToWaitForOneConfiguredPermit(int permitsPerSecond)
    {
        using var limiter = new WebhookRateLimiter(Options.Create(new WebhookOptions { PermitsPerSecond = permitsPerSecond, Burst = 1 }));

        Assert.Null(limiter.TryAcquire("t-busy"));
        var retryAfter = limiter.TryAcquire("t-busy");

        // One permit takes 1/rate seconds to come back; the limiter's timer may already have ticked a little.
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(0.5 / permitsPerSecond), TimeSpan.FromSeconds(1.0 / permitsPerSecond));
        Assert.Null(limiter.TryAcquire("t-quiet"));
    }
}
