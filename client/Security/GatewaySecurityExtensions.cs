using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        services.AddSingleton<RejectionAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<RejectionAudit>());

        services.AddAuthentication(AuthenticationSchemes.Bearer)
            .AddPolicyScheme(AuthenticationSchemes.Bearer, "A tenant API key or the operator key, by its shape", o =>
                o.ForwardDefaultSelector = context => BearerToken.From(context.Request) is { } token && !BearerToken.LooksLikeApiKey(token)
                    ? AuthenticationSchemes.OperatorKey
                    : AuthenticationSchemes.ApiKey)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddScheme<OperatorKeyAuthenticationOptions, OperatorKeyAuthenticationHandler>(AuthenticationSchemes.OperatorKey, null)
            .AddScheme<OperatorKeyAuthenticationOptions, OperatorKeyAuthenticationHandler>(AuthenticationSchemes.Dashboard, o => o.AllowBasic = true);
        services.AddAuthorization(Policies.Configure);

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>, RejectionAudit>((limits, gateway, rejections) =>
        {
            limits.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.Identity?.IsAuthenticated == true || context.GetEndpoint()?.Metadata.GetMetadata<SignedDeliveryEndpoint>() is not null
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : RateLimitPartition.GetTokenBucketLimiter("address:" + SourceAddressLimiter.AddressOf(context),
                        _ => SourceAddressLimiter.BucketOptions(gateway.Value)));
            limits.OnRejected = (context, _) =>
            {
                rejections.Record(GrainKeys.OperatorTenant, "http.rate-limited", new Dictionary<string, string> { ["reason"] = "source-address" });
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
                    "This address sent too many unauthenticated requests; retry after the time in Retry-After.").ExecuteAsync(context.HttpContext));
            };
        });
        return services;
    }

    /// <summary>Authentication, the source-address limit (which needs to know who is authenticated), authorization, then the caller for the grains.</summary>
    public static WebApplication UseOmniopsGatewaySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<CallerContextMiddleware>();
        return app;
    }
}
