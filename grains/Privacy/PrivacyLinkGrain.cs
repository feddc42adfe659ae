using System.Globalization;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Security.Keys;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Issues and verifies a tenant's privacy links (<see cref="PrivacyLinkTokens"/>) and answers a data subject's
/// overview. Stateless: the link key is derived per activation and never leaves the silo; nothing about a link is
/// stored but its id, its subject's digest and its expiry (<see cref="IPrivacyLinkStore"/>, until it expires, so the
/// merchant can revoke it); the token carries its claims.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class PrivacyLinkGrain(TenantKeyring keyring, IPrivacyLinkStore links, TimeProvider time) : Grain, IPrivacyLinkGrain
{
    /// <summary>The longest a link lives.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private byte[]? _key;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<PrivacyLink> IssueAsync(string customerRef, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new RequestValidationException("A privacy link lives more than nothing and at most 30 days.");
        }

        if (!GrainKeys.IsValidId(customerRef) || !(await GrainFactory.GetCustomerGrain(TenantId, customerRef).GetHoldingsAsync()).Exists)
        {
            throw new ResourceNotFoundException();
        }

        var linkId = GrainKeys.NewLocalId('l');
        // Whole seconds: the token carries unix seconds, and the answer must say exactly when it stops working.
        var now = time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        // Recorded before it is handed out, so every link given to anyone can be revoked.
        await links.AddAsync(TenantId, linkId, PrivacyRequestGrain.SubjectDigest(TenantId, customerRef), expiresAt, now);
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("privacy.link.issue", AuditOutcomes.Success, customerRef,
            new Dictionary<string, string> { ["link"] = linkId, ["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture) },
            PersonalResource: true));
        return new PrivacyLink(PrivacyLinkTokens.Sign(await KeyAsync(), TenantId, linkId, customerRef, expiresAt), linkId, expiresAt);
    }

    public async Task<int> RevokeAsync(string customerRef)
    {
        if (!GrainKeys.IsValidId(customerRef))
        {
            throw new ResourceNotFoundException();
        }

        // Revoked before it is audited: the refusal takes effect even should the audit fail (the call fails then; a
        // retry revokes nothing more, and its event still says how many of the record's links are revoked now).
        var revocation = await links.RevokeAsync(TenantId, PrivacyRequestGrain.SubjectDigest(TenantId, customerRef), time.GetUtcNow());
        // A ref this tenant never issued a link for and holds no record of answers like any missing resource (so
        // another tenant's ref does too); an erased record's links still live are revoked like any others.
        if (!revocation.Known && !(await GrainFactory.GetCustomerGrain(TenantId, customerRef).GetHoldingsAsync()).Exists)
        {
            throw new ResourceNotFoundException();
        }

        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("privacy.link.revoke", AuditOutcomes.Success, customerRef,
            new Dictionary<string, string>
            {
                ["revoked"] = revocation.Revoked.ToString(CultureInfo.InvariantCulture),
                ["live"] = revocation.Live.ToString(CultureInfo.InvariantCulture),
            },
            PersonalResource: true));
        return revocation.Revoked;
    }

    public async Task<PrivacyLinkClaims?> VerifyAsync(string token)
    {
        // Revocation is looked up only for a link that is otherwise good: a forged or expired one costs no read.
        var claims = PrivacyLinkTokens.Check(await KeyAsync(), TenantId, token, time.GetUtcNow());
        return claims is { Expired: false } && await links.IsRevokedAsync(TenantId, claims.LinkId) ? claims with { Revoked = true } : claims;
    }

    public async Task<SubjectOverview> OverviewAsync()
    {
        var caller = CallerContext.Current!;
        if (caller.Kind != ActorKind.DataSubject || caller.Subject is not { } customerRef)
        {
            throw new AccessDeniedException("Only a data subject's privacy link has an overview.");
        }

        // Read as the tenant's privacy work on behalf of this link: the subject's own scope reaches no customer grain.
        var (holdings, map) = await CallerContext.RunAsAsync(CallerContext.Privacy(TenantId, caller.ActorId), async () =>
            (await GrainFactory.GetCustomerGrain(TenantId, customerRef).GetHoldingsAsync(), await GrainFactory.GetTenantGrain(TenantId).GetDataMapAsync()));
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("privacy.self.view", AuditOutcomes.Success, customerRef, PersonalResource: true));
        var held = holdings.Exists && (holdings.ConversationIds.Count > 0 || holdings.OrderIds.Count > 0 || holdings.ContactDetails);
        return held
            ? new SubjectOverview(true, holdings.ConversationIds.Count, holdings.OrderIds.Count, holdings.ContactDetails, map.Ai, map.Purposes, map.Subprocessors)
            : new SubjectOverview(false, 0, 0, false, map.Ai, map.Purposes, map.Subprocessors);
    }

    private async ValueTask<byte[]> KeyAsync() => _key ??= await PrivacyLinkTokens.KeyAsync(keyring, TenantId);
}
