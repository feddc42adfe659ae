using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Client.Security;

public static class GatewaySecurityExtensions
{
    /// <summary>
    /// Who may call what: the authentication schemes (<see cref="AuthenticationSchemes"/>), the policies with their
    /// closed-by-default fallback (<see cref="Policies"/>), the tenant directory cache, the budgeted audit of refusals,
    /// and the per-source-address limit on unauthenticated traffic (ASP.NET Core rate limiting).
    /// </summary>
    public static IServiceCollection AddOmniopsGatewaySecurity(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OperatorKey>();
        services.AddSingleton<TenantDirectoryCache>();
        services.AddSingleton<SignInAudit>();
        services.AddSingleton<SourceAddressLimiter>();
        services.AddSingleton<Tarpit>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<RejectionAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<RejectionAudit>());

        services.AddAuthentication(AuthenticationSchemes.Bearer)
            .AddPolicyScheme(AuthenticationSchemes.Bearer, "A tenant API key, a privacy link or the operator key, by its shape", o =>
                o.ForwardDefaultSelector = context =>
                    PrivacyLinkAuthenticationHandler.From(context.Request) is not null ? AuthenticationSchemes.PrivacyLink
                    : BearerToken.From(context.Request) is { } token && !BearerToken.LooksLikeApiKey(token) ? AuthenticationSchemes.OperatorKey
                    : AuthenticationSchemes.ApiKey)
            .AddScheme<AuthenticationSchemeOptions, PrivacyLinkAuthenticationHandler>(AuthenticationSchemes.PrivacyLink, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(AuthenticationSchemes.Session, null)
            .AddScheme<OperatorKeyAuthenticationOptions, OperatorKeyAuthenticationHandler>(AuthenticationSchemes.OperatorKey, null)
            .AddScheme<OperatorKeyAuthenticationOptions, OperatorKeyAuthenticationHandler>(AuthenticationSchemes.Dashboard, o => o.AllowBasic = true);
        services.AddAuthorization(Policies.Configure);
        // The dashboard's forms (another step) validate antiforgery tokens; the JSON routes rely on SameSite=Strict.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<SourceAddressLimiter, RejectionAudit, Tarpit>((limits, sources, rejections, tarpit) =>
        {
            limits.GlobalLimiter = new UnauthenticatedRequestLimiter(sources);
            limits.OnRejected = async (context, _) =>
            {
                if (UnauthenticatedRequestLimiter.SubjectOf(context.HttpContext) is { } subject)
                {
                    // A privacy link over its own budget: the tenant's trail says which link (its id, never the subject).
                    rejections.Record(subject.TenantId!, "http.rate-limited", new Dictionary<string, string> { ["reason"] = "privacy-link" },
                        subject.ActorId, source: SourceAddressLimiter.CoarseSourceOf(context.HttpContext));
                    context.HttpContext.Response.Headers.RetryAfter = "1";
                    await Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
                        "This privacy link sent too many requests; retry after the time in Retry-After.").ExecuteAsync(context.HttpContext);
                    return;
                }

                rejections.Record(GrainKeys.OperatorTenant, "http.rate-limited", new Dictionary<string, string> { ["reason"] = "source-address" },
                    source: SourceAddressLimiter.CoarseSourceOf(context.HttpContext));
                await tarpit.HoldAsync(context.HttpContext);
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
                    "This address sent too many unauthenticated requests; retry after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, gateway) =>
        {
            // Trust no X-Forwarded-For unless proxies are named (the framework's default trusts loopback).
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = 1;
            forwarded.ForwardedHeaders = gateway.Value.TrustedProxies.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor;
            foreach (var proxy in gateway.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// The trusted proxies' forwarded client address, authentication, the source-address limit (which needs to know who
    /// is authenticated), authorization, then the caller for the grains.
    /// </summary>
    public static WebApplication UseOmniopsGatewaySecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<CallerContextMiddleware>();
        return app;
    }
}
