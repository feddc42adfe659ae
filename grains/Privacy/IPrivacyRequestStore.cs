using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>A tenant's queue of privacy requests (a projection the request grains write; the grains hold the truth).</summary>
public interface IPrivacyRequestStore
{
    /// <summary>Records the request's row; <paramref name="subjectDigests"/> are its subjects' digests (<see cref="PrivacyRequestGrain.SubjectDigest"/>).</summary>
    Task UpsertAsync(string tenantId, PrivacyRequestSummary request, IReadOnlyList<string> subjectDigests, CancellationToken cancellationToken = default);

    /// <summary>Open requests first by due date, then the rest newest first.</summary>
    Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(string tenantId, PrivacyRequestStatus? status, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>The requests about any of <paramref name="subjectDigests"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PrivacyRequestSummary>> ListAboutAsync(string tenantId, IReadOnlyList<string> subjectDigests, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requests of every tenant by status, with how many are overdue: aggregates only, no tenant or request id (the
    /// operators' gauge, <see cref="PrivacyRequestMetrics"/>; on PostgreSQL through omniops_privacy_request_counts).
    /// </summary>
    Task<IReadOnlyList<PrivacyRequestCount>> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
