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
}
