using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Members;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Members;

/// <summary>
/// A tenant's members, invitations and sessions (<see cref="IMembersGrain"/>). E-mails and TOTP secrets are sealed
/// under the tenant key (<see cref="FieldCipher"/>) and found by a keyed digest; passwords are hashed with ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/>; an unknown e-mail verifies a dummy hash so it costs what a known one
/// does. Every sign-in, failure, lockout, invitation, acceptance, removal, enrolment and revocation is audited, the
/// e-mail only as an HMAC (<see cref="AuditEntry.Sensitive"/>).
/// </summary>
public sealed class MembersGrain(
    [PersistentState(StateNames.Members, StorageNames.Main)] IPersistentState<MembersState> state,
    TenantKeyring keyring,
    TimeProvider time,
    IOptions<MemberOptions> options) : Grain, IMembersGrain
{
    private const string EmailPurpose = "member-email/v1";
    private const string Issuer = "Omniops";
    private static readonly PasswordHasher<MemberRecord> Hasher = new();
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(new MemberRecord(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    /// <summary>When each session was last seen (newer than what is stored: writes are coalesced to one a minute).</summary>
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    private MemberOptions Options => options.Value;

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string GrainId => this.GetGrainId().ToString();

    public async Task<MemberInvitation> InviteAsync(string email, string role)
    {
        var normalized = Normalize(email);
        if (!Roles.IsKnown(role))
        {
            throw new RequestValidationException("The role is admin or agent.");
        }

        var now = time.GetUtcNow();
        Prune(now);
        var digest = await DigestAsync(normalized);
        if (state.State.Members.Any(m => CryptographicOperations.FixedTimeEquals(m.EmailDigest, digest)))
        {
            throw new ConflictException("That e-mail is already a member.");
        }

        if (state.State.Members.Count + state.State.Invitations.Count(i => !i.Used) >= Options.MaxMembers)
        {
            throw new ConflictException($"A tenant has at most {Options.MaxMembers} members and pending invitations.");
        }

        var invitationId = GrainKeys.NewLocalId('i');
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + Options.InvitationLifetime).ToUnixTimeSeconds());
        var key = await keyring.CurrentAsync(TenantId);
        state.State.Invitations.Add(new InvitationRecord
        {
            InvitationId = invitationId, EmailDigest = digest, Role = role, ExpiresAt = expiresAt,
            Email = FieldCipher.SealString(key, GrainId, "invitation-email:" + invitationId, normalized),
        });
        await AuditAsync("member.invite", AuditOutcomes.Success, invitationId, new() { ["role"] = role }, normalized);
        await state.WriteStateAsync();
        var token = InvitationTokens.Sign(await keyring.DeriveAsync(TenantId, InvitationTokens.Purpose), TenantId, invitationId, expiresAt);
        return new MemberInvitation(invitationId, token, role, expiresAt);
    }

    public async Task<MemberView?> AcceptInvitationAsync(string token, string password)
    {
        if (MemberPasswordPolicy.Problem(password) is { } problem)
        {
            throw new RequestValidationException(problem);
        }

        var now = time.GetUtcNow();
        var claims = InvitationTokens.Check(await keyring.DeriveAsync(TenantId, InvitationTokens.Purpose), TenantId, token);
        var invitationId = claims?.InvitationId;
        var invitation = invitationId is null ? null : state.State.Invitations.FirstOrDefault(i => i.InvitationId == invitationId);
        // Expiry by the token (authenticated by its MAC) and by the record, which must agree.
        string? reason = claims is not { } c ? "forged"
            : c.Expires <= now.ToUnixTimeSeconds() ? "expired"
            : invitation is null ? "unknown"
            : invitation.Used ? "used"
            : invitation.ExpiresAt <= now || invitation.ExpiresAt.ToUnixTimeSeconds() != c.Expires ? "expired"
            : null;
        if (reason is not null || invitation is null)
        {
            await AuditAsync("member.invitation.accept", AuditOutcomes.Denied, invitationId, new() { ["reason"] = reason ?? "unknown" });
            return null;
        }

        var email = FieldCipher.OpenString(await keyring.VersionAsync(TenantId, invitation.Email.KeyVersion), GrainId, "invitation-email:" + invitation.InvitationId, invitation.Email);
        invitation.Used = true;
        if (state.State.Members.Any(m => CryptographicOperations.FixedTimeEquals(m.EmailDigest, invitation.EmailDigest)))
        {
            await AuditAsync("member.invitation.accept", AuditOutcomes.Denied, invitationId, new() { ["reason"] = "already-member" });
            await state.WriteStateAsync();
            return null;
        }

        var memberId = GrainKeys.NewLocalId('m');
        var key = await keyring.CurrentAsync(TenantId);
        var member = new MemberRecord
        {
            MemberId = memberId, EmailDigest = invitation.EmailDigest, Role = invitation.Role, CreatedAt = now,
            Email = FieldCipher.SealString(key, GrainId, "member-email:" + memberId, email),
        };
        member.PasswordHash = Hasher.HashPassword(member, password);
        state.State.Members.Add(member);
        await AuditAsync("member.invitation.accept", AuditOutcomes.Success, memberId, new() { ["invitation"] = invitation.InvitationId, ["role"] = member.Role }, email);
        await state.WriteStateAsync();
        return await ViewAsync(member);
    }

    public async Task<MemberSignInResult> SignInAsync(string email, string password, string? totp)
    {
        var now = time.GetUtcNow();
        var normalized = email.Trim().ToLowerInvariant();
        var digest = await DigestAsync(normalized);
        var member = state.State.Members.FirstOrDefault(m => CryptographicOperations.FixedTimeEquals(m.EmailDigest, digest));
        // The hash is verified whatever happens next: an unknown e-mail or a locked member costs what a known one does.
        var verified = password.Length <= MemberPasswordPolicy.MaxLength &&
            Hasher.VerifyHashedPassword(member ?? new MemberRecord(), member?.PasswordHash ?? DummyHash.Value, password) != PasswordVerificationResult.Failed;
        if (member is null)
        {
            await AuditAsync("member.sign-in", AuditOutcomes.Failure, null, new() { ["reason"] = "unknown-email" }, normalized);
            return new MemberSignInResult(SignInOutcome.Refused);
        }

        if (member.LockedUntil is { } locked && locked > now)
        {
            await AuditAsync("member.sign-in", AuditOutcomes.Denied, member.MemberId, new() { ["reason"] = "locked-out" });
            return new MemberSignInResult(SignInOutcome.Refused);
        }

        if (!verified)
        {
            return await FailAsync(member, "wrong-password", now);
        }

        if (member.TotpSecret is { } sealedSecret)
        {
            if (string.IsNullOrEmpty(totp))
            {
                return new MemberSignInResult(SignInOutcome.TotpRequired);
            }

            var secret = FieldCipher.Open(await keyring.VersionAsync(TenantId, sealedSecret.KeyVersion), GrainId, "totp:" + member.MemberId, sealedSecret);
            if (Totp.Verify(secret, totp, now, member.LastTotpStep) is not { } step)
            {
                return await FailAsync(member, "wrong-totp", now);
            }

            member.LastTotpStep = step;
        }

        member.Failures.Clear();
        member.LockedUntil = null;
        var sessions = state.State.Sessions.Where(s => s.MemberId == member.MemberId).OrderBy(s => s.CreatedAt).ToList();
        foreach (var old in sessions.Take(Math.Max(0, sessions.Count - Options.MaxSessionsPerMember + 1)))
        {
            state.State.Sessions.Remove(old);
        }

        var sessionId = GrainKeys.NewLocalId('s');
        var sessionSecret = Base64Url(RandomNumberGenerator.GetBytes(32));
        state.State.Sessions.Add(new SessionRecord
        {
            SessionId = sessionId, MemberId = member.MemberId, CreatedAt = now, LastSeen = now,
            SecretHash = SHA256.HashData(Encoding.ASCII.GetBytes(sessionSecret)),
        });
        await CallerContext.RunAsAsync(Caller(member), async () =>
        {
            await AuditAsync("member.sign-in", AuditOutcomes.Success, member.MemberId, new() { ["session"] = sessionId, ["totp"] = member.TotpSecret is null ? "no" : "yes" });
            return true;
        });
        await state.WriteStateAsync();
        return new MemberSignInResult(SignInOutcome.Success, MemberTokens.Session(TenantId, sessionId, sessionSecret),
            new MemberSession(sessionId, member.MemberId, member.Role, now + Options.SessionIdleTimeout, now + Options.SessionLifetime));
    }

    public async Task<MemberSession?> ValidateSessionAsync(string sessionId, string secret)
    {
        var now = time.GetUtcNow();
        if (Find(sessionId, secret) is not { } session || state.State.Members.FirstOrDefault(m => m.MemberId == session.MemberId) is not { } member)
        {
            return null;
        }

        var lastSeen = _seen.TryGetValue(sessionId, out var seen) && seen > session.LastSeen ? seen : session.LastSeen;
        var expiresAt = session.CreatedAt + Options.SessionLifetime;
        if (now - lastSeen >= Options.SessionIdleTimeout || now >= expiresAt)
        {
            state.State.Sessions.Remove(session);
            _seen.Remove(sessionId);
            await state.WriteStateAsync();
            return null;
        }

        _seen[sessionId] = now;
        if (now - session.LastSeen >= TimeSpan.FromMinutes(1))
        {
            session.LastSeen = now;
            await state.WriteStateAsync();
        }

        return new MemberSession(sessionId, member.MemberId, member.Role, Min(now + Options.SessionIdleTimeout, expiresAt), expiresAt);
    }

    public async Task SignOutAsync(string sessionId, string secret)
    {
        if (Find(sessionId, secret) is not { } session)
        {
            return;
        }

        state.State.Sessions.Remove(session);
        _seen.Remove(sessionId);
        await AuditAsync("member.sign-out", AuditOutcomes.Success, session.MemberId, new() { ["session"] = sessionId });
        await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<MemberView>> ListAsync()
    {
        var views = new List<MemberView>(state.State.Members.Count);
        foreach (var member in state.State.Members.OrderBy(m => m.CreatedAt))
        {
            views.Add(await ViewAsync(member));
        }

        return views;
    }

    public async Task RemoveAsync(string memberId)
    {
        var member = state.State.Members.FirstOrDefault(m => m.MemberId == memberId) ?? throw new ResourceNotFoundException();
        state.State.Members.Remove(member);
        var ended = state.State.Sessions.RemoveAll(s => s.MemberId == memberId);
        await AuditAsync("member.remove", AuditOutcomes.Success, memberId, new() { ["sessions"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await state.WriteStateAsync();
    }

    public async Task<int> RevokeSessionsAsync(string memberId)
    {
        if (state.State.Members.All(m => m.MemberId != memberId))
        {
            throw new ResourceNotFoundException();
        }

        var ended = state.State.Sessions.RemoveAll(s => s.MemberId == memberId);
        await AuditAsync("member.sessions.revoke", AuditOutcomes.Success, memberId, new() { ["sessions"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await state.WriteStateAsync();
        return ended;
    }

    public async Task<MemberView> ChangeRoleAsync(string memberId, string role)
    {
        if (!Roles.IsKnown(role))
        {
            throw new RequestValidationException("The role is admin or agent.");
        }

        var member = state.State.Members.FirstOrDefault(m => m.MemberId == memberId) ?? throw new ResourceNotFoundException();
        if (member.Role == role)
        {
            return await ViewAsync(member);
        }

        if (member.Role == Roles.Admin && state.State.Members.Count(m => m.Role == Roles.Admin) == 1)
        {
            throw new ConflictException("The last admin cannot be made an agent: make another member admin first.");
        }

        var previous = member.Role;
        member.Role = role;
        await AuditAsync("member.role.change", AuditOutcomes.Success, memberId, new() { ["from"] = previous, ["to"] = role });
        await state.WriteStateAsync();
        return await ViewAsync(member);
    }

    public async Task<TotpEnrolment> EnrolTotpAsync()
    {
        var member = Me();
        var secret = RandomNumberGenerator.GetBytes(Totp.SecretLength);
        member.PendingTotpSecret = FieldCipher.Seal(await keyring.CurrentAsync(TenantId), GrainId, "totp-pending:" + member.MemberId, secret);
        var email = await EmailOfAsync(member);
        await AuditAsync("member.totp.enrol", AuditOutcomes.Success, member.MemberId, new() { ["step"] = "started" });
        await state.WriteStateAsync();
        return new TotpEnrolment(Totp.Base32(secret), Totp.Uri(Issuer, email, secret));
    }

    public async Task<bool> ConfirmTotpAsync(string code)
    {
        var member = Me();
        if (member.PendingTotpSecret is not { } pending)
        {
            throw new ConflictException("No TOTP enrolment is pending: start one first.");
        }

        var secret = FieldCipher.Open(await keyring.VersionAsync(TenantId, pending.KeyVersion), GrainId, "totp-pending:" + member.MemberId, pending);
        if (Totp.Verify(secret, code, time.GetUtcNow(), 0) is not { } step)
        {
            await AuditAsync("member.totp.enrol", AuditOutcomes.Failure, member.MemberId, new() { ["step"] = "confirm", ["reason"] = "wrong-code" });
            return false;
        }

        member.TotpSecret = FieldCipher.Seal(await keyring.CurrentAsync(TenantId), GrainId, "totp:" + member.MemberId, secret);
        member.PendingTotpSecret = null;
        member.LastTotpStep = step;
        await AuditAsync("member.totp.enrol", AuditOutcomes.Success, member.MemberId, new() { ["step"] = "confirmed" });
        await state.WriteStateAsync();
        return true;
    }

    public Task<MemberView> MeAsync() => ViewAsync(Me());

    private async Task<MemberSignInResult> FailAsync(MemberRecord member, string reason, DateTimeOffset now)
    {
        member.Failures.RemoveAll(f => now - f >= Options.LockoutWindow);
        member.Failures.Add(now);
        await AuditAsync("member.sign-in", AuditOutcomes.Failure, member.MemberId, new() { ["reason"] = reason });
        if (member.Failures.Count >= Options.LockoutThreshold)
        {
            member.LockedUntil = now + Options.LockoutDuration;
            member.Failures.Clear();
            await AuditAsync("member.lockout", AuditOutcomes.Denied, member.MemberId,
                new() { ["until"] = member.LockedUntil.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        }

        await state.WriteStateAsync();
        return new MemberSignInResult(SignInOutcome.Refused);
    }

    private SessionRecord? Find(string sessionId, string secret)
    {
        var session = state.State.Sessions.FirstOrDefault(s => s.SessionId == sessionId);
        var presented = SHA256.HashData(Encoding.ASCII.GetBytes(secret));
        return CryptographicOperations.FixedTimeEquals(presented, session?.SecretHash ?? new byte[SHA256.HashSizeInBytes]) && session is not null ? session : null;
    }

    /// <summary>The calling member: only a session caller is one (an API key's actor id names no member).</summary>
    private MemberRecord Me()
    {
        var caller = CallerContext.Current;
        return state.State.Members.FirstOrDefault(m => caller is not null && m.MemberId == caller.ActorId && caller.Kind is ActorKind.TenantAdmin or ActorKind.Agent)
            ?? throw new ResourceNotFoundException();
    }

    private CallerContext Caller(MemberRecord member) => new(TenantId, member.MemberId, Roles.KindOf(member.Role), Roles.ScopesOf(member.Role));

    private async Task<MemberView> ViewAsync(MemberRecord member) => new(member.MemberId, await EmailOfAsync(member), member.Role, member.CreatedAt,
        member.TotpSecret is not null, state.State.Sessions.Count(s => s.MemberId == member.MemberId));

    private async Task<string> EmailOfAsync(MemberRecord member) =>
        FieldCipher.OpenString(await keyring.VersionAsync(TenantId, member.Email.KeyVersion), GrainId, "member-email:" + member.MemberId, member.Email);

    private async ValueTask<byte[]> DigestAsync(string normalized) =>
        HMACSHA256.HashData(await keyring.DeriveAsync(TenantId, EmailPurpose), Encoding.UTF8.GetBytes(normalized));

    private void Prune(DateTimeOffset now)
    {
        // A used invitation is kept until it would have expired, so a replay is told (and audited) as one.
        state.State.Invitations.RemoveAll(i => i.ExpiresAt <= now);
        state.State.Sessions.RemoveAll(s => now - s.CreatedAt >= Options.SessionLifetime);
    }

    private Task AuditAsync(string operation, string outcome, string? resource, Dictionary<string, string> details, string? email = null) =>
        GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry(operation, outcome, resource, details,
            email is null ? null : new Dictionary<string, string> { ["email"] = email }));

    private static string Normalize(string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        if (trimmed is null || trimmed.Length is < 3 or > 254 || trimmed.IndexOf('@', StringComparison.Ordinal) is < 1 || trimmed.EndsWith('@') ||
            trimmed.Any(char.IsWhiteSpace))
        {
            throw new RequestValidationException("A member's e-mail is an address of at most 254 characters.");
        }

        return trimmed;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
