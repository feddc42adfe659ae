using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Members;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The dashboard's sign-in, invitation acceptance and sign-out: the same grain calls, gateway caller, unknown-workspace
/// cost and cookie as the <c>/auth/*</c> JSON routes (<see cref="Members.MemberEndpoints"/>), for HTML forms.
/// </summary>
public sealed class DashboardSessions(IGrainFactory grains, SessionCache sessions)
{
    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(16);

    public async Task<SignInOutcome> SignInAsync(HttpContext context, string? tenantId, string? email, string? password, string? totp)
    {
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password) || email.Length > 254 || password.Length > MemberPasswordPolicy.MaxLength ||
            totp is { Length: > 16 })
        {
            return SignInOutcome.Refused;
        }

        MemberSignInResult? result = null;
        if (GrainKeys.IsValidId(tenantId) && await sessions.TenantIsOpenAsync(tenantId, context))
        {
            result = await CallerContext.RunAsAsync(CallerContext.Gateway(tenantId),
                () => grains.GetMembersGrain(tenantId).SignInAsync(email, password, string.IsNullOrWhiteSpace(totp) ? null : totp.Trim()));
        }
        else
        {
            Rfc2898DeriveBytes.Pbkdf2(password, DummySalt, 100_000, HashAlgorithmName.SHA512, 32);
        }

        if (result is { Outcome: SignInOutcome.Success, SessionToken: { } token })
        {
            SessionCookie.Append(context, token);
            return SignInOutcome.Success;
        }

        return result?.Outcome == SignInOutcome.TotpRequired ? SignInOutcome.TotpRequired : SignInOutcome.Refused;
    }

    /// <summary>Null when the password is acceptable and the invitation was used; otherwise what to tell the person.</summary>
    public async Task<string?> AcceptAsync(HttpContext context, string? token, string? password)
    {
        if (MemberPasswordPolicy.Problem(password ?? "") is { } weak)
        {
            return weak;
        }

        MemberView? member = null;
        if (token is not null && MemberTokens.TryParseInvitation(token, out var tenantId, out _, out _, out _) && await sessions.TenantIsOpenAsync(tenantId, context))
        {
            member = await CallerContext.RunAsAsync(CallerContext.Gateway(tenantId), () => grains.GetMembersGrain(tenantId).AcceptInvitationAsync(token, password!));
        }

        return member is null ? "The link is not valid: it may have expired or been used. Ask for a new invitation." : null;
    }

    /// <summary>The workspace an invitation token names (for the next step's sign-in form), or null.</summary>
    public static string? TenantOf(string? token) =>
        token is not null && MemberTokens.TryParseInvitation(token, out var tenantId, out _, out _, out _) ? tenantId : null;

    public async Task SignOutAsync(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(SessionCookie.Name, out var token) &&
            MemberTokens.TryParseSession(token, out var tenantId, out var sessionId, out var secret))
        {
            sessions.Evict(token);
            if (await sessions.TenantIsOpenAsync(tenantId, context))
            {
                await CallerContext.RunAsAsync(CallerContext.Gateway(tenantId), async () =>
                {
                    await grains.GetMembersGrain(tenantId).SignOutAsync(sessionId, secret);
                    return true;
                });
            }
        }

        SessionCookie.Delete(context);
    }
}
