using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The embedded node's privacy-request queue.</summary>
public sealed class InMemoryPrivacyRequestStore : IPrivacyRequestStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Request), PrivacyRequestSummary> _requests = [];
    private readonly Dictionary<(string Tenant, string Request), string[]> _subjects = [];

    public Task UpsertAsync(string tenantId, PrivacyRequestSummary request, IReadOnlyList<string> subjectDigests, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _requests[(tenantId, request.RequestId)] = request;
            _subjects[(tenantId, request.RequestId)] = [.. subjectDigests];
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(string tenantId, PrivacyRequestStatus? status, int offset, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<PrivacyRequestSummary> list = [.. _requests.Where(r => r.Key.Tenant == tenantId && (status is null || r.Value.Status == status))
                .Select(r => r.Value)
                .OrderBy(r => PrivacyRequestQueue.IsOpen(r.Status) ? 0 : 1)
                .ThenBy(r => PrivacyRequestQueue.IsOpen(r.Status) ? r.DueAt : DateTimeOffset.MinValue)
                .ThenByDescending(r => r.ReceivedAt)
                .ThenBy(r => r.RequestId, StringComparer.Ordinal)
                .Skip(offset).Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<PrivacyRequestSummary>> ListAboutAsync(string tenantId, IReadOnlyList<string> subjectDigests, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<PrivacyRequestSummary> list = [.. _requests.Where(r => r.Key.Tenant == tenantId && _subjects[r.Key].Any(subjectDigests.Contains))
                .Select(r => r.Value)
                .OrderBy(r => r.ReceivedAt)
                .ThenBy(r => r.RequestId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<PrivacyRequestCount>> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<PrivacyRequestCount> counts = [.. _requests.Values.GroupBy(r => r.Status).OrderBy(g => g.Key)
                .Select(g => new PrivacyRequestCount(g.Key, g.LongCount(), g.LongCount(r => PrivacyRequestQueue.IsOpen(r.Status) && r.DueAt < now)))];
            return Task.FromResult(counts);
        }
    }

    /// <summary>The tenant's requests except <paramref name="keepRequestId"/>; how many.</summary>
    public int ForgetTenant(string tenantId, string keepRequestId) => Forget(k => k.Tenant == tenantId && k.Request != keepRequestId);

    /// <summary>One request's row; how many (0 or 1).</summary>
    public int ForgetRequest(string tenantId, string requestId) => Forget(k => k.Tenant == tenantId && k.Request == requestId);

    private int Forget(Func<(string Tenant, string Request), bool> matches)
    {
        lock (_lock)
        {
            InMemoryRows.Forget(_subjects, matches);
            return InMemoryRows.Forget(_requests, matches);
        }
    }
}
