using Omniops.Actors.GrainInterfaces.Members;

namespace Omniops.Actors.Client.Members;

/// <summary>An invitation as issued: <see cref="Token"/> is the link's credential, shown once.</summary>
public sealed record InvitationCreatedResponse(string InvitationId, string Token, string Role, DateTimeOffset ExpiresAt);

/// <summary>A member: never a password hash, TOTP secret or session.</summary>
public sealed record MemberResponse(string MemberId, string Email, string Role, DateTimeOffset CreatedAt, bool TotpEnabled, int ActiveSessions)
{
    public static MemberResponse From(MemberView view) =>
        new(view.MemberId, view.Email, view.Role, view.CreatedAt, view.TotpEnabled, view.ActiveSessions);
}

/// <summary>A signed-in session (its token is only in the HttpOnly cookie).</summary>
public sealed record SignedInResponse(string TenantId, string MemberId, string Role, DateTimeOffset IdleExpiresAt, DateTimeOffset ExpiresAt);

/// <summary>A started TOTP enrolment: the secret and the <c>otpauth://</c> URI for the QR code, shown once.</summary>
public sealed record TotpEnrolmentResponse(string Secret, string OtpAuthUri);

/// <summary>How many sessions a revocation ended.</summary>
public sealed record SessionsRevokedResponse(int Revoked);
