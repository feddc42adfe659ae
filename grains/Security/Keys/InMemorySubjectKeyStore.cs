using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>The embedded node's subject key store.</summary>
public sealed class InMemorySubjectKeyStore : ISubjectKeyStore, IInMemoryTenantRows
{
    private readonly Dictionary<(string, string), SubjectKeyRecord> _records = [];
    private readonly Lock _gate = new();

    public Task<SubjectKeyRecord?> ReadAsync(string tenantId, string subjectId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault((tenantId, subjectId)));
        }
    }

    public Task<SubjectKeyRecord> AddOrGetAsync(SubjectKeyRecord record, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.TryAdd((record.TenantId, record.SubjectId), record) ? record : _records[(record.TenantId, record.SubjectId)]);
        }
    }

    public Task<bool> DeleteAsync(string tenantId, string subjectId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.Remove((tenantId, subjectId)));
        }
    }

    public int ForgetTenant(string tenantId)
    {
        lock (_gate)
        {
            return InMemoryRows.Forget(_records, k => k.Item1 == tenantId);
        }
    }
}
