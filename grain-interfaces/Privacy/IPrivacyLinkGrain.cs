using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// A tenant's privacy links: signed, expiring, single-subject tokens a merchant issues so a data subject can see what
/// is held about them and start their own access or erasure requests. Issued and verified only in the silo, under a
/// key derived (HKDF) from the tenant's first data key, so the gateway holds no secret and one tenant's links say
/// nothing about another's. Key: <c>{tenantId}</c> (stateless).
/// </summary>
[TenantScoped, Alias("omniops.privacy-link")]
public interface IPrivacyLinkGrain : IGrainWithStringKey
{
    /// <summary>Issues a link for an existing customer record (a missing one: <see cref="Errors.ResourceNotFoundException"/>); audited.</summary>
    [Alias("issue"), RequiresScope(Scopes.PrivacyManage)]
    Task<PrivacyLink> IssueAsync(string customerRef, TimeSpan lifetime);

    /// <summary>
    /// Revokes every privacy link issued for the customer record that has not expired (the links are recorded at issue,
    /// by the subject's digest): from then on each is refused like a forged one. Links issued afterwards work. A ref with
    /// neither a record nor a link: <see cref="Errors.ResourceNotFoundException"/>. Audited (<c>privacy.link.revoke</c>:
    /// how many this call revoked and how many of the record's links are live and revoked); returns how many this call
    /// revoked (not those revoked before).
    /// </summary>
    [Alias("revoke"), RequiresScope(Scopes.PrivacyManage)]
    Task<int> RevokeAsync(string customerRef);

    /// <summary>What the token proves (null when its signature or shape is wrong); expiry and revocation are reported, not hidden, for the audit.</summary>
    [Alias("verify"), RequiresScope(Scopes.Authenticate)]
    Task<PrivacyLinkClaims?> VerifyAsync(string token);

    /// <summary>What is held about the calling data subject and how this shop uses AI (a <see cref="ActorKind.DataSubject"/> caller only).</summary>
    [Alias("overview"), RequiresScope(Scopes.PrivacySelf)]
    Task<SubjectOverview> OverviewAsync();
}
