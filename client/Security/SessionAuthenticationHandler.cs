using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// A tenant member's browser session (<see cref="SessionCookie"/>), checked through <see cref="SessionCache"/>. It
/// yields the same <see cref="CallerContext"/> an API key of the member's role would (tenant, tenant-admin or agent,
/// the role's scopes), with the member id as actor, so every grain check applies unchanged. A request carrying an
/// <c>Authorization</c> header is the bearer's, never merged with a cookie's identity.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SessionCache sessions,
    RejectionAudit rejections) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization.Count > 0 || !Request.Cookies.TryGetValue(SessionCookie.Name, out var token) || string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (await sessions.ValidateAsync(token, Context) is not { } found)
        {
            return AuthenticateResult.Fail("The session has ended.");
        }

        var (tenantId, session) = found;
        var caller = new CallerContext(tenantId, session.MemberId, Roles.KindOf(session.Role), Roles.ScopesOf(session.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ToPrincipal(caller, Scheme.Name), Scheme.Name));
    }

    // A policy naming this scheme and the API-key scheme challenges (and forbids) through both: the first answers.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Response.HasStarted ? Task.CompletedTask : Problems.Unauthorized().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Response.HasStarted ? Task.CompletedTask : Forbidden.ExecuteAsync(Context, rejections);
}
