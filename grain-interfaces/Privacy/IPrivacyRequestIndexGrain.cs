using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>A tenant's privacy-request queue, open requests by due date first. Key: <c>{tenantId}</c> (stateless).</summary>
[TenantScoped, Alias("omniops.privacy-request-index")]
public interface IPrivacyRequestIndexGrain : IGrainWithStringKey
{
    /// <summary>Up to <paramref name="limit"/> requests (all, or of one status), open ones first by due date, then newest.</summary>
    [Alias("list"), RequiresScope(Scopes.PrivacyRead)]
    Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(PrivacyRequestStatus? status, int offset, int limit);
}
