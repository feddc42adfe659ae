using System.Collections.Concurrent;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The embedded node's issued privacy links: in memory, like every other record of the node.</summary>
public sealed class InMemoryPrivacyLinkStore : IPrivacyLinkStore, IInMemoryTenantRows
{
    private readonly ConcurrentDictionary<(string TenantId, string LinkId), Link> _links = new();

    public Task AddAsync(string tenantId, string linkId, string subjectDigest, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Prune(tenantId, now);
        _links[(tenantId, linkId)] = new Link(subjectDigest, expiresAt, false);
        return Task.CompletedTask;
    }

    public Task<PrivacyLinkRevocation> RevokeAsync(string tenantId, string subjectDigest, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var subject = _links.Where(l => l.Key.TenantId == tenantId && l.Value.SubjectDigest == subjectDigest).ToList();
        var live = subject.Where(l => l.Value.ExpiresAt > now).ToList();
        var revoked = 0;
        foreach (var (key, link) in live.Where(l => !l.Value.Revoked))
        {
            revoked += _links.TryUpdate(key, link with { Revoked = true }, link) ? 1 : 0;
        }

        Prune(tenantId, now);
        return Task.FromResult(new PrivacyLinkRevocation(revoked, live.Count, subject.Count > 0));
    }

    public Task<bool> IsRevokedAsync(string tenantId, string linkId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_links.TryGetValue((tenantId, linkId), out var link) && link.Revoked);

    public int ForgetTenant(string tenantId) => Forget(tenantId, _ => true);

    private void Prune(string tenantId, DateTimeOffset now) => Forget(tenantId, link => link.ExpiresAt <= now);

    private int Forget(string tenantId, Func<Link, bool> matches) =>
        _links.Where(l => l.Key.TenantId == tenantId && matches(l.Value)).Select(l => l.Key).ToList().Count(key => _links.TryRemove(key, out _));

    private sealed record Link(string SubjectDigest, DateTimeOffset ExpiresAt, bool Revoked);
}
