using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Members;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Members;

/// <summary>
/// Tenant members: invitations, acceptance, sign-in and sign-out (the session cookie), TOTP enrolment, the team list,
/// removal and session revocation. The <c>/auth/*</c> routes are anonymous (the source-address limit charges them like
/// every unauthenticated request); a tenant that the directory does not know costs a dummy password hash and nothing
/// else, and every refusal of one kind looks the same.
/// </summary>
public static class MemberEndpoints
{
    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(16);

    public static IEndpointRouteBuilder MapMemberEndpoints(this IEndpointRouteBuilder routes)
    {
        var members = routes.MapGroup("/v1/members");
        members.MapPost("/invitations", InviteAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("InviteMember").WithSummary("Invites an e-mail as admin or agent: a one-time link token (shown once).")
            .DescribesJsonBody<InviteMemberRequest>();
        members.MapGet("", async (IGrainFactory grains) =>
                TypedResults.Ok<IReadOnlyList<MemberResponse>>([.. (await Own(grains).ListAsync()).Select(MemberResponse.From)]))
            .RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("ListMembers").WithSummary("The tenant's members (no hashes, no secrets).");
        members.MapDelete("/{memberId}", RemoveAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("RemoveMember").WithSummary("Removes a member and ends their sessions.");
        members.MapPost("/{memberId}/sessions/revoke", RevokeAsync).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("RevokeMemberSessions").WithSummary("Ends every session of a member.");
        members.MapGet("/me", async (IGrainFactory grains) => TypedResults.Ok(MemberResponse.From(await Own(grains).MeAsync())))
            .RequireAuthorization(Policies.Member).WithName("GetMe").WithSummary("The signed-in member.");
        members.MapPost("/me/totp", async (IGrainFactory grains) =>
            {
                var enrolment = await Own(grains).EnrolTotpAsync();
                return TypedResults.Ok(new TotpEnrolmentResponse(enrolment.Secret, enrolment.OtpAuthUri));
            })
            .RequireAuthorization(Policies.Member).WithName("EnrolTotp").WithSummary("Starts TOTP enrolment: the secret and otpauth:// URI, shown once.");
        members.MapPost("/me/totp/confirm", ConfirmTotpAsync).RequireAuthorization(Policies.Member)
            .WithName("ConfirmTotp").WithSummary("Confirms TOTP enrolment with a current code.").DescribesJsonBody<ConfirmTotpRequest>();

        var auth = routes.MapGroup("/auth").AllowAnonymous();
        auth.MapPost("/invitations/accept", AcceptAsync).WithName("AcceptInvitation")
            .WithSummary("Sets the password and creates the member; forged, expired and used invitations are refused alike.")
            .DescribesJsonBody<AcceptInvitationRequest>();
        auth.MapPost("/sign-in", SignInAsync).WithName("SignIn")
            .WithSummary("E-mail, password and (when enrolled) TOTP code in a named workspace: sets the session cookie.")
            .DescribesJsonBody<SignInRequest>();
        auth.MapPost("/sign-out", SignOutAsync).WithName("SignOut").WithSummary("Ends this browser's session.");
        return routes;
    }

    private static IMembersGrain Own(IGrainFactory grains) =>
        grains.GetMembersGrain(CallerContext.Current?.TenantId ?? throw new AccessDeniedException("The caller is bound to no tenant."));

    private static async Task<Results<Created<InvitationCreatedResponse>, ProblemHttpResult>> InviteAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<InviteMemberRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var invitation = await Own(grains).InviteAsync(body!.Email, body.Role);
        return TypedResults.Created((string?)null, new InvitationCreatedResponse(invitation.InvitationId, invitation.Token, invitation.Role, invitation.ExpiresAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string memberId, IGrainFactory grains, SessionCache sessions)
    {
        if (!GrainKeys.IsValidId(memberId))
        {
            return Problems.NotFound();
        }

        await Own(grains).RemoveAsync(memberId);
        sessions.EvictMember(CallerContext.Current!.TenantId!, memberId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SessionsRevokedResponse>, ProblemHttpResult>> RevokeAsync(string memberId, IGrainFactory grains, SessionCache sessions)
    {
        if (!GrainKeys.IsValidId(memberId))
        {
            return Problems.NotFound();
        }

        var revoked = await Own(grains).RevokeSessionsAsync(memberId);
        sessions.EvictMember(CallerContext.Current!.TenantId!, memberId);
        return TypedResults.Ok(new SessionsRevokedResponse(revoked));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ConfirmTotpAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<ConfirmTotpRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        return await Own(grains).ConfirmTotpAsync(body!.Code)
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status400BadRequest, "wrong-code", "The code is wrong.", "Enter the current code from the authenticator app.");
    }

    private static async Task<Results<Created<MemberResponse>, ProblemHttpResult>> AcceptAsync(HttpContext context, IGrainFactory grains, SessionCache sessions)
    {
        var (body, problem) = await JsonBody.ReadAsync<AcceptInvitationRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        // The password rule first: it says nothing about the token.
        if (MemberPasswordPolicy.Problem(body!.Password) is { } weak)
        {
            return Problems.BadRequest(weak);
        }

        MemberView? member = null;
        if (MemberTokens.TryParseInvitation(body.Token, out var tenantId, out _, out _, out _) && await sessions.TenantIsOpenAsync(tenantId, context))
        {
            member = await CallerContext.RunAsAsync(CallerContext.Gateway(tenantId), () => grains.GetMembersGrain(tenantId).AcceptInvitationAsync(body.Token, body.Password));
        }

        return member is null
            ? Problems.Create(StatusCodes.Status400BadRequest, "invalid-invitation", "The invitation cannot be used.",
                "The link is not valid: it may have expired or been used. Ask for a new invitation.")
            : TypedResults.Created((string?)null, MemberResponse.From(member));
    }

    private static async Task<Results<Ok<SignedInResponse>, ProblemHttpResult>> SignInAsync(HttpContext context, IGrainFactory grains, SessionCache sessions)
    {
        var (body, problem) = await JsonBody.ReadAsync<SignInRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Email) || string.IsNullOrEmpty(body.Password) || body.Email.Length > 254 || body.Password.Length > MemberPasswordPolicy.MaxLength ||
            body.Totp is { Length: > 16 })
        {
            return Problems.BadRequest("E-mail and password are required (at most 254 and 128 characters).");
        }

        MemberSignInResult? result = null;
        if (GrainKeys.IsValidId(body.TenantId) && await sessions.TenantIsOpenAsync(body.TenantId, context))
        {
            result = await CallerContext.RunAsAsync(CallerContext.Gateway(body.TenantId),
                () => grains.GetMembersGrain(body.TenantId).SignInAsync(body.Email, body.Password, body.Totp));
        }
        else
        {
            // An unknown workspace costs what a wrong password does (PBKDF2 of Identity's v3 format), and leaves nothing.
            Rfc2898DeriveBytes.Pbkdf2(body.Password, DummySalt, 100_000, HashAlgorithmName.SHA512, 32);
        }

        switch (result)
        {
            case { Outcome: SignInOutcome.Success, SessionToken: { } token, Session: { } session }:
                SessionCookie.Append(context, token);
                return TypedResults.Ok(new SignedInResponse(body.TenantId!, session.MemberId, session.Role, session.IdleExpiresAt, session.ExpiresAt));
            case { Outcome: SignInOutcome.TotpRequired }:
                return Problems.Create(StatusCodes.Status401Unauthorized, "totp-required", "A second factor is required.",
                    "Sign in again with the current code from the authenticator app.");
            default:
                return Problems.Create(StatusCodes.Status401Unauthorized, "sign-in-refused", "Sign-in refused.",
                    "The workspace, e-mail, password or code is wrong, or the account is temporarily locked.");
        }
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, IGrainFactory grains, SessionCache sessions)
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
        return TypedResults.NoContent();
    }
}
