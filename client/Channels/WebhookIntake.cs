using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// The steps every webhook takes before its adapter parses it, in this order: a well-formed tenant id, the tenant's
/// rate limit, a bounded body, then the signature — checked by the channel's credential grain over the exact bytes
/// received, so the secret never reaches the gateway. Every rejection stores nothing and is audited without the
/// body: before the signature is verified the request is nobody's, so it goes to the operator log (bounded per
/// minute, the rest counted: <see cref="UnattributedRejections"/>); after, to the tenant's. An unknown tenant and an
/// integration that is not connected answer the same 404.
/// </summary>
public sealed class WebhookIntake(IGrainFactory grains, WebhookRateLimiter limiter, UnattributedRejections unattributed, IOptions<GatewayOptions> gateway)
{
    /// <summary>Admits the request and reads its body, or answers why not.</summary>
    public async Task<(byte[]? Body, ProblemHttpResult? Rejection)> ReadAsync(HttpContext context, string tenantId, string channel, long? maxBodyBytes = null)
    {
        if (!GrainKeys.IsValidId(tenantId))
        {
            return (null, await RejectUnverifiedAsync(null, channel, "not-connected", Problems.NotFound()));
        }

        if (limiter.TryAcquire(tenantId) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (null, await RejectUnverifiedAsync(tenantId, channel, "rate-limited", Problems.Create(StatusCodes.Status429TooManyRequests,
                "rate-limited", "Too many deliveries.", "This tenant's webhook rate limit is exhausted; retry after the time in Retry-After.")));
        }

        var limit = maxBodyBytes ?? gateway.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            DeclaredBodyLimitMiddleware.AllowDrain(context);
            return (null, await RejectUnverifiedAsync(tenantId, channel, "too-large", Problems.TooLarge(limit)));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        try
        {
            using var buffer = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 4096, limit));
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return buffer.Length > limit
                ? (null, await RejectUnverifiedAsync(tenantId, channel, "too-large", Problems.TooLarge(limit)))
                : (buffer.ToArray(), null);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, await RejectUnverifiedAsync(tenantId, channel, "too-large", Problems.TooLarge(limit)));
        }
    }

    /// <summary>Checks the signature with the credential named <paramref name="integration"/>; null when it holds.</summary>
    public async Task<ProblemHttpResult?> VerifyAsync(string tenantId, string channel, string integration, SignatureCheck check, ProblemHttpResult? onMismatch = null)
    {
        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        bool valid;
        try
        {
            valid = await grains.GetCredentialGrain(tenantId, integration).VerifySignatureAsync(check);
        }
        catch (ResourceNotFoundException)
        {
            return await RejectUnverifiedAsync(tenantId, channel, "not-connected", Problems.NotFound());
        }

        return valid ? null : await RejectAsync(tenantId, channel, "bad-signature", onMismatch ?? BadSignature());
    }

    /// <summary>Rejects a delivery whose signature was verified (or whose integration exists): audited in the tenant's log.</summary>
    public async Task<ProblemHttpResult> RejectAsync(string tenantId, string channel, string reason, ProblemHttpResult problem)
    {
        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        await grains.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry("webhook.reject", AuditOutcomes.Failure, null,
            new Dictionary<string, string> { ["channel"] = channel, ["reason"] = reason }));
        return problem;
    }

    /// <summary>Hands a verified delivery to the grains; a value the grains refuse is an audited 400.</summary>
    public async Task<(T? Value, ProblemHttpResult? Rejection)> DeliverAsync<T>(string tenantId, string channel, Func<Task<T>> deliver)
    {
        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        try
        {
            return (await deliver(), null);
        }
        catch (RequestValidationException invalid)
        {
            return (default, await RejectAsync(tenantId, channel, "invalid-content", Problems.BadRequest(invalid.Message)));
        }
    }

    public static ProblemHttpResult BadSignature() => Problems.Create(StatusCodes.Status401Unauthorized, "bad-signature",
        "The webhook signature does not verify.", "Sign the exact body with the integration's secret, as the platform documents.");

    private async Task<ProblemHttpResult> RejectUnverifiedAsync(string? tenantId, string channel, string reason, ProblemHttpResult problem)
    {
        await unattributed.AuditAsync(tenantId, channel, reason);
        return problem;
    }
}
