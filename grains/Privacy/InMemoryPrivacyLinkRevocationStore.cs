using System.Collections.Concurrent;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The embedded node's revoked privacy links: in memory, like every other record of the node.</summary>
public sealed class InMemoryPrivacyLinkRevocationStore : IPrivacyLinkRevocationStore
{
    private readonly ConcurrentDictionary<(string TenantId, string LinkId), DateTimeOffset> _revoked = new();

    public Task<int> RevokeAsync(string tenantId, IReadOnlyList<(string LinkId, DateTimeOffset ExpiresAt)> links, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        foreach (var expired in _revoked.Where(r => r.Key.TenantId == tenantId && r.Value <= now).Select(r => r.Key).ToList())
        {
            _revoked.TryRemove(expired, out _);
        }

        var added = 0;
        foreach (var (linkId, expiresAt) in links)
        {
            added += _revoked.TryAdd((tenantId, linkId), expiresAt) ? 1 : 0;
        }

        return Task.FromResult(added);
    }

    public Task<bool> IsRevokedAsync(string tenantId, string linkId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_revoked.ContainsKey((tenantId, linkId)));
}
