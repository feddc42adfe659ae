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
/// The steps every webhook takes before its adapter parses it, in this order: the source address's budget for
/// refused deliveries, a tenant that exists in the tenant directory, a bounded body, the integration connected, the
/// signature — checked by the channel's credential grain over the exact bytes received, so the secret never reaches
/// the gateway — and only then the tenant's delivery rate limit, so deliveries nobody signed cannot spend it. An
/// unknown tenant and an integration that is not connected answer the same 404, decided from the directory without
/// activating any grain of the tenant. Every refusal stores nothing and is audited without the body: before the
/// signature verifies, within the budgets of <see cref="RejectionAudit"/> (the tenant's log when the tenant exists,
/// the operator log otherwise) and charged to the source address; after, one by one in the tenant's log.
/// </summary>
public sealed class WebhookIntake(
    IGrainFactory grains,
    WebhookRateLimiter limiter,
    SourceAddressLimiter sources,
    TenantDirectoryCache directory,
    RejectionAudit rejections,
    Tarpit tarpit,
    IOptions<GatewayOptions> gateway)
{
    /// <summary>Admits the request and reads its body, or answers why not.</summary>
    public async Task<(byte[]? Body, ProblemHttpResult? Rejection)> ReadAsync(HttpContext context, string tenantId, string channel, long? maxBodyBytes = null)
    {
        // At most a few of a source's deliveries are between here and their signature's verdict at once (the rest wait,
        // or get 429 when the queue is full too), and none may owe more than the source's budget has left: many
        // connections cannot spend it many times over (SourceAddressLimiter.EnterUnverifiedAsync).
        if (sources.IsExhausted(context) || !await sources.EnterUnverifiedAsync(context))
        {
            SourceAddressLimiter.LeaveUnverified(context);
            rejections.Record(GrainKeys.OperatorTenant, "webhook.reject", Group(channel, "source-rate-limited"), source: SourceAddressLimiter.CoarseSourceOf(context));
            await tarpit.HoldAsync(context);
            context.Response.Headers.RetryAfter = "1";
            return (null, Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many refused deliveries.",
                "This address sent too many deliveries that were refused, or too many at once; retry after the time in Retry-After."));
        }

        if (!GrainKeys.IsValidId(tenantId) || await directory.LookupAsync(tenantId) is not { Active: true })
        {
            return (null, RefuseUnverified(context, null, tenantId, channel, "not-connected", Problems.NotFound()));
        }

        var limit = maxBodyBytes ?? gateway.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            DeclaredBodyLimitMiddleware.AllowDrain(context);
            return (null, RefuseUnverified(context, tenantId, tenantId, channel, "too-large", Problems.TooLarge(limit)));
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
                ? (null, RefuseUnverified(context, tenantId, tenantId, channel, "too-large", Problems.TooLarge(limit)))
                : (buffer.ToArray(), null);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, RefuseUnverified(context, tenantId, tenantId, channel, "too-large", Problems.TooLarge(limit)));
        }
    }

    /// <summary>
    /// Checks the signature with the credential named <paramref name="integration"/>, then spends one of the tenant's
    /// delivery permits; null when both hold.
    /// </summary>
    public async Task<ProblemHttpResult?> VerifyAsync(HttpContext context, string tenantId, string channel, string integration, SignatureCheck check, ProblemHttpResult? onMismatch = null)
    {
        if (await directory.LookupAsync(tenantId, e => e.Integrations.Contains(integration)) is not { Active: true } entry ||
            !entry.Integrations.Contains(integration))
        {
            return RefuseUnverified(context, tenantId, tenantId, channel, "not-connected", Problems.NotFound());
        }

        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        bool valid;
        try
        {
            valid = await grains.GetCredentialGrain(tenantId, integration).VerifySignatureAsync(check);
        }
        catch (ResourceNotFoundException)
        {
            return RefuseUnverified(context, tenantId, tenantId, channel, "not-connected", Problems.NotFound());
        }

        if (!valid)
        {
            return RefuseUnverified(context, tenantId, tenantId, channel, "bad-signature", onMismatch ?? BadSignature());
        }

        SourceAddressLimiter.LeaveUnverified(context);

        if (limiter.TryAcquire(tenantId) is { } retryAfter)
        {
            rejections.Record(tenantId, "webhook.reject", Group(channel, "rate-limited"), source: SourceAddressLimiter.CoarseSourceOf(context));
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many deliveries.",
                "This tenant's webhook rate limit is exhausted; retry after the time in Retry-After.");
        }

        return null;
    }

    /// <summary>
    /// Refuses a verified delivery for a platform account the tenant did not record with the channel's credential
    /// (<c>accounts</c>): 403 <c>foreign-account</c>, audited in the tenant's log; null when every account is the tenant's.
    /// </summary>
    public async Task<ProblemHttpResult?> BindAccountsAsync(string tenantId, string channel, IReadOnlyList<string> accounts)
    {
        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        return await grains.GetCredentialGrain(tenantId, channel).HoldsAccountsAsync(accounts)
            ? null
            : await RejectAsync(tenantId, channel, "foreign-account", ForeignAccount());
    }

    public static ProblemHttpResult ForeignAccount() => Problems.Create(StatusCodes.Status403Forbidden, "foreign-account",
        "The delivery is for another account.", "The delivery names a platform account this tenant did not record with the channel's credential (accounts).");

    /// <summary>Rejects a delivery whose signature was verified: audited in the tenant's log, one event each.</summary>
    public async Task<ProblemHttpResult> RejectAsync(string tenantId, string channel, string reason, ProblemHttpResult problem)
    {
        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        await grains.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry("webhook.reject", AuditOutcomes.Failure, null, Group(channel, reason)));
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

    /// <summary>
    /// A refusal before the signature verified: charged to the source address and audited within the budget of
    /// <paramref name="log"/> (the tenant's, once the tenant is known to exist; else the operator's, naming the claimed
    /// tenant id only in the one-by-one events).
    /// </summary>
    private ProblemHttpResult RefuseUnverified(HttpContext context, string? log, string claimedTenant, string channel, string reason, ProblemHttpResult problem)
    {
        // Charged before the slot is given back, so the next waiting delivery of this source sees the spent budget.
        sources.Charge(context);
        SourceAddressLimiter.LeaveUnverified(context);
        rejections.Record(log ?? GrainKeys.OperatorTenant, "webhook.reject", Group(channel, reason), null,
            log is null && GrainKeys.IsValidId(claimedTenant) ? new Dictionary<string, string> { ["tenant"] = claimedTenant } : null,
            source: SourceAddressLimiter.CoarseSourceOf(context));
        return problem;
    }

    private static Dictionary<string, string> Group(string channel, string reason) => new() { ["channel"] = channel, ["reason"] = reason };
}
