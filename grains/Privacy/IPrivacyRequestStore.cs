using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>A tenant's queue of privacy requests (a projection the request grains write; the grains hold the truth).</summary>
public interface IPrivacyRequestStore
{
    Task UpsertAsync(string tenantId, PrivacyRequestSummary request, CancellationToken cancellationToken = default);

    /// <summary>Open requests first by due date, then the rest newest first.</summary>
    Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(string tenantId, PrivacyRequestStatus? status, int offset, int limit, CancellationToken cancellationToken = default);
}
