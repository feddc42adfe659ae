using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>
/// A tenant's people: members (e-mail sealed under the tenant key, found by a keyed HMAC of the normalised e-mail,
/// password hashed with ASP.NET Core Identity's <c>PasswordHasher</c>, optional TOTP), their pending invitations and
/// their server-side sessions. One grain per tenant, key <c>{tenantId}/members</c> (a team is small; one serial turn
/// makes an invitation's single use, the lockout counter and a revocation exact). Nothing here returns a password
/// hash, a TOTP secret after enrolment, or a session secret after sign-in.
/// </summary>
[TenantScoped, Alias("omniops.members")]
public interface IMembersGrain : IGrainWithStringKey
{
    /// <summary>Invites <paramref name="email"/> as <paramref name="role"/>: a one-time, expiring, signed link token (shown once); audited.</summary>
    [Alias("invite"), RequiresScope(Scopes.TenantAdmin)]
    Task<MemberInvitation> InviteAsync(string email, string role);

    /// <summary>
    /// Accepts an invitation: sets the password and creates the member. Null when the token is forged, expired, used
    /// or otherwise unusable (all the same to the caller); audited either way.
    /// </summary>
    [Alias("accept"), RequiresScope(Scopes.Authenticate)]
    Task<MemberView?> AcceptInvitationAsync(string token, string password);

    /// <summary>Checks e-mail, password and (when enrolled) the TOTP code; on success opens a session. Audited.</summary>
    [Alias("sign-in"), RequiresScope(Scopes.Authenticate)]
    Task<MemberSignInResult> SignInAsync(string email, string password, string? totp);

    /// <summary>The live session <paramref name="sessionId"/> proven by <paramref name="secret"/> (sliding its idle expiry), or null.</summary>
    [Alias("validate-session"), RequiresScope(Scopes.Authenticate)]
    Task<MemberSession?> ValidateSessionAsync(string sessionId, string secret);

    /// <summary>Ends one session (sign-out); unknown sessions are ignored. Audited.</summary>
    [Alias("sign-out"), RequiresScope(Scopes.Authenticate)]
    Task SignOutAsync(string sessionId, string secret);

    /// <summary>The members (no hashes, no secrets).</summary>
    [Alias("list"), RequiresScope(Scopes.TenantAdmin)]
    Task<IReadOnlyList<MemberView>> ListAsync();

    /// <summary>Removes a member and ends all their sessions; audited. A missing member: <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("remove"), RequiresScope(Scopes.TenantAdmin)]
    Task RemoveAsync(string memberId);

    /// <summary>Ends every session of a member (returns how many); audited.</summary>
    [Alias("revoke-sessions"), RequiresScope(Scopes.TenantAdmin)]
    Task<int> RevokeSessionsAsync(string memberId);

    /// <summary>
    /// Gives a member the role <paramref name="role"/> (admin or agent); their live sessions carry it from their next
    /// check. The last admin cannot be made an agent (<see cref="Errors.ConflictException"/>); a missing member:
    /// <see cref="Errors.ResourceNotFoundException"/>. Audited.
    /// </summary>
    [Alias("change-role"), RequiresScope(Scopes.TenantAdmin)]
    Task<MemberView> ChangeRoleAsync(string memberId, string role);

    /// <summary>The calling member (a session caller) starts TOTP enrolment: a fresh secret, pending until confirmed.</summary>
    [Alias("totp-enrol"), RequiresScope(Scopes.TenantRead)]
    Task<TotpEnrolment> EnrolTotpAsync();

    /// <summary>The calling member confirms enrolment with a current code; false when the code is wrong. Audited.</summary>
    [Alias("totp-confirm"), RequiresScope(Scopes.TenantRead)]
    Task<bool> ConfirmTotpAsync(string code);

    /// <summary>The calling member (a session caller).</summary>
    [Alias("me"), RequiresScope(Scopes.TenantRead)]
    Task<MemberView> MeAsync();
}
