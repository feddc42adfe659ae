using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// ASP.NET Core's global rate limiter for the gateway: an authenticated request, and a webhook delivery (which
/// authenticates by its signature, see <see cref="SignedDeliveryEndpoint"/>), pass freely; any other request spends a
/// permit of its source's bucket — the same buckets <see cref="SourceAddressLimiter"/> charges for refused deliveries.
/// </summary>
internal sealed class UnauthenticatedRequestLimiter(SourceAddressLimiter sources) : PartitionedRateLimiter<HttpContext>
{
    private static readonly RateLimiter Unlimited = RateLimitPartition.GetNoLimiter("exempt").Factory("exempt");

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        Exempt(resource) ? null : sources.Buckets.GetStatistics(SourceAddressLimiter.AddressOf(resource));

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Exempt(resource) ? Unlimited.AttemptAcquire(permitCount) : sources.Buckets.AttemptAcquire(SourceAddressLimiter.AddressOf(resource), permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Exempt(resource)
            ? Unlimited.AcquireAsync(permitCount, cancellationToken)
            : sources.Buckets.AcquireAsync(SourceAddressLimiter.AddressOf(resource), permitCount, cancellationToken);

    private static bool Exempt(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true || context.GetEndpoint()?.Metadata.GetMetadata<SignedDeliveryEndpoint>() is not null;
}
