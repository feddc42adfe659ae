using System.Diagnostics;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// A data subject's privacy link (<c>Authorization: Bearer opl.…</c>, or <c>?token=opl.…</c> for the links of the
/// privacy page, or the privacy page's <see cref="PrivacyLinkCookie"/> once the page moved it there). The gateway holds no key: it reads the tenant from the token, checks the tenant is active in the
/// directory, and has the tenant's <see cref="IPrivacyLinkGrain"/> verify the signature and expiry in the silo. A
/// verified link becomes a <see cref="ActorKind.DataSubject"/> principal bound to its tenant, link and subject, which
/// only <see cref="Policies.Subject"/> admits. Malformed, forged, tampered, other-tenant and expired tokens get the
/// same 401, no sooner than <see cref="FailureFloor"/> after the request began (so how far a token got is not told by
/// timing); they are audited through <see cref="RejectionAudit"/> and, the request staying unauthenticated, cost the
/// source's unauthenticated budget.
/// </summary>
public sealed class PrivacyLinkAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IGrainFactory grains,
    TenantDirectoryCache directory,
    RejectionAudit rejections,
    SignInAudit signIns,
    SourceAddressLimiter sources) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The least time a refused link takes to answer.</summary>
    public static readonly TimeSpan FailureFloor = TimeSpan.FromMilliseconds(150);

    private const string Operation = "auth.privacy-link";

    /// <summary>
    /// The privacy link the request presents (header first, then <c>?token=</c>, then the privacy page's cookie), or
    /// null. A query token, even an unusable one, takes the cookie's place: a new link replaces an old one.
    /// </summary>
    public static string? From(HttpRequest request)
    {
        if (BearerToken.From(request) is { } bearer)
        {
            return PrivacyLinkFormat.LooksLikeLink(bearer) ? bearer : null;
        }

        if (request.Query.TryGetValue("token", out var query))
        {
            return query.Count == 1 && PrivacyLinkFormat.LooksLikeLink(query[0]) ? query[0] : null;
        }

        return PrivacyLinkCookie.From(request) is { } cookie && PrivacyLinkFormat.LooksLikeLink(cookie) ? cookie : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (From(Request) is not { } token || Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return AuthenticateResult.NoResult();
        }

        var started = Stopwatch.GetTimestamp();
        var caller = await VerifyAsync(token);
        if (caller is null)
        {
            var remaining = FailureFloor - Stopwatch.GetElapsedTime(started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, Context.RequestAborted);
            }

            return AuthenticateResult.Fail("Invalid privacy link.");
        }

        await signIns.RecordAsync(caller);
        return AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ToPrincipal(caller, Scheme.Name), Scheme.Name));
    }

    private async Task<CallerContext?> VerifyAsync(string token)
    {
        if (!PrivacyLinkFormat.TryParse(token, out var tenantId, out _, out _, out _, out _))
        {
            Refuse(GrainKeys.OperatorTenant, "malformed-link");
            return null;
        }

        // A source over its limit gets only what the gateway has cached plus a trickle; the rate limiter refuses the rest.
        if (sources.IsExhausted(Context) && !directory.TryCached(tenantId, out _) && !sources.TryTakeDirectoryRead(Context))
        {
            return null;
        }

        if (await directory.LookupAsync(tenantId) is not { Active: true })
        {
            Refuse(GrainKeys.OperatorTenant, "unknown-tenant");
            return null;
        }

        var claims = await CallerContext.RunAsAsync(CallerContext.Gateway(tenantId), () => grains.GetPrivacyLinkGrain(tenantId).VerifyAsync(token));
        if (claims is null)
        {
            Refuse(tenantId, "invalid-link");
            return null;
        }

        if (claims.Expired)
        {
            Refuse(tenantId, "expired-link", claims.LinkId);
            return null;
        }

        if (claims.Revoked)
        {
            // The same 401 as any other bad link; the tenant's audit trail says which.
            Refuse(tenantId, "revoked-link", claims.LinkId);
            return null;
        }

        return CallerContext.DataSubject(tenantId, claims.LinkId, claims.CustomerRef);
    }

    private void Refuse(string log, string reason, string? linkId = null) =>
        rejections.Record(log, Operation, new Dictionary<string, string> { ["reason"] = reason }, linkId, source: SourceAddressLimiter.CoarseSourceOf(Context));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Forbidden.ExecuteAsync(Context, rejections);
}
