using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>A tenant's privacy-request queue, open requests by due date first. Key: <c>{tenantId}</c> (stateless).</summary>
[TenantScoped, Alias("omniops.privacy-request-index")]
public interface IPrivacyRequestIndexGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="limit"/> requests (all, or of one status), open ones first by due date, then newest.</summary>
    [Alias("list"), RequiresScope(Scopes.PrivacyRead)]
    Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(PrivacyRequestStatus? status, int offset, int limit);

    /// <summary>
    /// The requests about any of <paramref name="customerRefs"/> (at most 50; matched by their subject digests, so the
    /// queue stores no ref), oldest first, at most <paramref name="limit"/> (≤ 500): for a subject's export.
    /// </summary>
    [Alias("list-about"), RequiresScope(Scopes.PrivacyRead)]
    Task<IReadOnlyList<PrivacyRequestSummary>> ListAboutAsync(IReadOnlyList<string> customerRefs, int limit);

    /// <summary>
    /// The requests the calling data subject started through their privacy link (source data-subject), about their
    /// own record only, newest last, at most <paramref name="limit"/> (1-100): for the privacy page to follow them.
    /// Any other caller: <see cref="Errors.AccessDeniedException"/>.
    /// </summary>
    [Alias("list-own"), RequiresScope(Scopes.PrivacySelf)]
    Task<IReadOnlyList<PrivacyRequestSummary>> ListOwnAsync(int limit);
}
