using System.Globalization;
using System.Text.Json;
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
/// stored but its revocation (<see cref="IPrivacyLinkRevocationStore"/>: the link id until it would have expired); the
/// token carries its claims.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class PrivacyLinkGrain(TenantKeyring keyring, IPrivacyLinkRevocationStore revocations, TimeProvider time) : Grain, IPrivacyLinkGrain
{
    /// <summary>The longest a link lives.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private const string IssueOperation = "privacy.link.issue";
    private const int IssuedPage = 500;

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
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry(IssueOperation, AuditOutcomes.Success, customerRef,
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

        // The links issued for the record: its privacy.link.issue events (the resource is the ref's keyed hash; the link
        // id and expiry are plain details), read as the tenant's privacy work, which reads the audit trail about a subject.
        var now = time.GetUtcNow();
        var issued = new List<(string LinkId, DateTimeOffset ExpiresAt)>();
        await CallerContext.RunAsAsync(CallerContext.Privacy(TenantId, "privacy-link-revoke"), async () =>
        {
            var log = GrainFactory.GetAuditLogGrain(TenantId);
            for (var after = 0L; ;)
            {
                var page = await log.ReadAboutAsync([customerRef], after, IssuedPage);
                issued.AddRange(page.Where(e => e.Operation == IssueOperation).Select(IssuedLink).OfType<(string, DateTimeOffset)>());
                if (page.Count < IssuedPage)
                {
                    return true;
                }

                after = page[^1].Sequence;
            }
        });

        // A ref this tenant never issued a link for and holds no record of answers like any missing resource (so
        // another tenant's ref does too); an erased record's links still live are revoked like any others.
        if (issued.Count == 0 && !(await GrainFactory.GetCustomerGrain(TenantId, customerRef).GetHoldingsAsync()).Exists)
        {
            throw new ResourceNotFoundException();
        }

        var live = issued.Where(l => l.ExpiresAt > now).ToList();

        // Revoked before it is audited: the refusal takes effect even should the audit fail (the call fails then, and
        // a retry revokes the same links again and audits).
        var revoked = await revocations.RevokeAsync(TenantId, live, now);
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("privacy.link.revoke", AuditOutcomes.Success, customerRef,
            new Dictionary<string, string> { ["links"] = revoked.ToString(CultureInfo.InvariantCulture) }, PersonalResource: true));
        return revoked;
    }

    public async Task<PrivacyLinkClaims?> VerifyAsync(string token)
    {
        // Revocation is looked up only for a link that is otherwise good: a forged or expired one costs no read.
        var claims = PrivacyLinkTokens.Check(await KeyAsync(), TenantId, token, time.GetUtcNow());
        return claims is { Expired: false } && await revocations.IsRevokedAsync(TenantId, claims.LinkId) ? claims with { Revoked = true } : claims;
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

    /// <summary>A <c>privacy.link.issue</c> event's link id and expiry; null for one without them.</summary>
    private static (string, DateTimeOffset)? IssuedLink(AuditEvent issued)
    {
        using var details = JsonDocument.Parse(issued.Details);
        return details.RootElement.TryGetProperty("link", out var link) && link.GetString() is { } linkId &&
               details.RootElement.TryGetProperty("expiresAt", out var expires) && expires.TryGetDateTimeOffset(out var expiresAt)
            ? (linkId, expiresAt)
            : null;
    }

    private async ValueTask<byte[]> KeyAsync() => _key ??= await PrivacyLinkTokens.KeyAsync(keyring, TenantId);
}
