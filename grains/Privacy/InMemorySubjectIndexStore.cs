using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The embedded node's subject index.</summary>
public sealed class InMemorySubjectIndexStore : ISubjectIndexStore, IInMemoryTenantRows
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Ref), SubjectRow> _subjects = [];
    private readonly Dictionary<(string Tenant, string Ref), List<SubjectLookup>> _lookups = [];

    public Task AddSubjectAsync(string tenantId, string customerRef, string channel, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_subjects.TryGetValue((tenantId, customerRef), out var row))
            {
                _subjects[(tenantId, customerRef)] = new SubjectRow(customerRef, channel, createdAt);
            }
            else if (row.Channel.Length == 0 && channel.Length > 0)
            {
                _subjects[(tenantId, customerRef)] = row with { Channel = channel };
            }

            return Task.CompletedTask;
        }
    }

    public Task ReplaceLookupsAsync(string tenantId, string customerRef, IReadOnlyCollection<SubjectLookup> lookups, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _lookups[(tenantId, customerRef)] = [.. lookups];
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> FindAsync(string tenantId, SubjectLookupKind kind, byte[] digest, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<string> refs = [.. _lookups.Where(e => e.Key.Tenant == tenantId && e.Value.Any(l => l.Kind == kind && l.Digest.AsSpan().SequenceEqual(digest)))
                .Select(e => e.Key.Ref).Order(StringComparer.Ordinal)];
            return Task.FromResult(refs);
        }
    }

    public Task<int> DeleteAsync(string tenantId, string customerRef, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var rows = (_subjects.Remove((tenantId, customerRef)) ? 1 : 0)
                + (_lookups.Remove((tenantId, customerRef), out var lookups) ? lookups.Count : 0);
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<SubjectRow>> ListSubjectsAsync(string tenantId, string? afterRef, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<SubjectRow> rows = [.. _subjects.Where(e => e.Key.Tenant == tenantId && (afterRef is null || string.CompareOrdinal(e.Key.Ref, afterRef) > 0))
                .Select(e => e.Value).OrderBy(r => r.CustomerRef, StringComparer.Ordinal).Take(limit)];
            return Task.FromResult(rows);
        }
    }

    public int ForgetTenant(string tenantId)
    {
        lock (_lock)
        {
            return InMemoryRows.Forget(_subjects, k => k.Tenant == tenantId) + InMemoryRows.Forget(_lookups, k => k.Tenant == tenantId);
        }
    }
}
