using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The operator key as a bearer token (and, for the dashboard scheme, as the password of HTTP Basic). Compared in
/// constant time against its SHA-256 (<see cref="OperatorKey"/>). Failures are audited in the operator log within
/// its budget (<see cref="RejectionAudit"/>).
/// </summary>
public sealed class OperatorKeyAuthenticationHandler(
    IOptionsMonitor<OperatorKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    OperatorKey operatorKey,
    RejectionAudit rejections) : AuthenticationHandler<OperatorKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    private static readonly CallerContext Operator = CallerContext.Operator("operator");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { } presented || Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null ||
            Omniops.Actors.GrainInterfaces.Privacy.PrivacyLinkFormat.LooksLikeLink(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!operatorKey.Matches(presented))
        {
            rejections.Record(GrainKeys.OperatorTenant, "auth.operator", new Dictionary<string, string> { ["reason"] = "wrong-key" },
                source: SourceAddressLimiter.CoarseSourceOf(Context));
            return Task.FromResult(AuthenticateResult.Fail("Invalid key."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ToPrincipal(Operator, Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Options.AllowBasic ? "Basic realm=\"Omniops operators\", charset=\"UTF-8\"" : "Bearer";
        return Problems.Unauthorized().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Forbidden.ExecuteAsync(Context, rejections);

    private string? Presented()
    {
        if (BearerToken.From(Request) is { } bearer)
        {
            return bearer;
        }

        if (!Options.AllowBasic || !AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? decoded[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
