using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// ASP.NET Core's global rate limiter for the gateway: a request authenticated by an API key, a session or the operator
/// key, and a webhook delivery (which authenticates by its signature, see <see cref="SignedDeliveryEndpoint"/>), pass
/// freely; a data subject's request to its own routes (a privacy link, the weakest credential the gateway accepts, held
/// by whoever the link reached) spends a permit of that link's own bucket (<see cref="SubjectBurst"/> at once, then
/// <see cref="SubjectPerSecond"/> a second), so no link can flood the tenant's audit trail with the events its requests
/// record; any other request spends a permit of its source's bucket — the same buckets <see cref="SourceAddressLimiter"/>
/// charges for refused deliveries.
/// </summary>
internal sealed class UnauthenticatedRequestLimiter(SourceAddressLimiter sources) : PartitionedRateLimiter<HttpContext>
{
    /// <summary>Requests one privacy link may make at once (pages and their downloads, a request polled until it completes).</summary>
    public const int SubjectBurst = 60;

    /// <summary>Requests one privacy link may make a second after its burst.</summary>
    public const int SubjectPerSecond = 5;

    private static readonly RateLimiter Unlimited = RateLimitPartition.GetNoLimiter("exempt").Factory("exempt");

    private readonly PartitionedRateLimiter<string> _links = PartitionedRateLimiter.Create<string, string>(link =>
        RateLimitPartition.GetTokenBucketLimiter(link, _ => TokenBuckets.Of(SubjectPerSecond, SubjectBurst)));

    /// <summary>
    /// The data subject a request to one of its own routes (policy <see cref="Policies.Subject"/>) is authenticated as
    /// by a privacy link, or null. A link sent anywhere else is refused by authorization (its refusals audited within
    /// the rejection budget), so only these routes are charged. The route is looked at first: the claims of a
    /// merchant's request (every other authenticated one) are never read here.
    /// </summary>
    public static CallerContext? SubjectOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true &&
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(d => d.Policy == Policies.Subject) == true &&
        CallerClaims.ToCaller(context.User) is { Kind: ActorKind.DataSubject } subject
            ? subject
            : null;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        BucketOf(resource) is ({ } limiter, var key) ? limiter.GetStatistics(key) : null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        BucketOf(resource) is ({ } limiter, var key) ? limiter.AttemptAcquire(key, permitCount) : Unlimited.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        BucketOf(resource) is ({ } limiter, var key) ? limiter.AcquireAsync(key, permitCount, cancellationToken) : Unlimited.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _links.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The bucket a request spends: a privacy link's own, none for an exempt request, else its source's.</summary>
    private (PartitionedRateLimiter<string>? Limiter, string Key) BucketOf(HttpContext resource) =>
        SubjectOf(resource) is { } subject ? (_links, LinkKey(subject))
        : Exempt(resource) ? (null, string.Empty)
        : (sources.Buckets, SourceAddressLimiter.AddressOf(resource));

    /// <summary>The link's bucket: its tenant and its actor id (<c>privacy-link:{linkId}</c>).</summary>
    private static string LinkKey(CallerContext subject) => subject.TenantId + "/" + subject.ActorId;

    private static bool Exempt(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true || context.GetEndpoint()?.Metadata.GetMetadata<SignedDeliveryEndpoint>() is not null;
}
