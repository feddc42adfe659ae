namespace Omniops.Actors.Client.Members;

/// <summary><c>POST /v1/members/invitations</c>.</summary>
public sealed record InviteMemberRequest(string Email, string Role);

/// <summary><c>POST /auth/invitations/accept</c>.</summary>
public sealed record AcceptInvitationRequest(string Token, string Password);

/// <summary><c>POST /auth/sign-in</c>: the workspace (tenant id) is named, never looked up from the e-mail.</summary>
public sealed record SignInRequest(string? TenantId, string Email, string Password, string? Totp = null);

/// <summary><c>POST /v1/members/me/totp/confirm</c>.</summary>
public sealed record ConfirmTotpRequest(string Code);
