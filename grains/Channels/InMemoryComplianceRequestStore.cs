using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Channels;

/// <summary>The embedded node's store of forwarded privacy requests.</summary>
public sealed class InMemoryComplianceRequestStore : IComplianceRequestStore, IInMemoryTenantRows
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Channel, string Delivery), ComplianceRecord> _records = [];
    private readonly HashSet<(string Tenant, string Channel, string Delivery)> _handled = [];

    public Task<bool> AddAsync(ComplianceRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Find(record.TenantId, record.Channel, record.DeliveryId, record.BodyDigest) is not null)
            {
                return Task.FromResult(false);
            }

            _records.Add((record.TenantId, record.Channel, record.DeliveryId), record);
            return Task.FromResult(true);
        }
    }

    public Task<ComplianceRecord?> FindAsync(string tenantId, string channel, string deliveryId, string? bodyDigest, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Find(tenantId, channel, deliveryId, bodyDigest));
        }
    }

    public Task<IReadOnlyList<ComplianceRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ComplianceRecord> open = [.. _records.Where(r => r.Key.Tenant == tenantId && !_handled.Contains(r.Key)).Select(r => r.Value).OrderBy(r => r.ReceivedAt)];
            return Task.FromResult(open);
        }
    }

    public Task<int> DeleteForSubjectAsync(string tenantId, string? customerRef, IReadOnlyList<string> orderIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var about = _records.Where(r => r.Key.Tenant == tenantId &&
                ((customerRef is not null && r.Value.CustomerRef == customerRef) || r.Value.OrderIds.Any(orderIds.Contains))).ToList();
            foreach (var (key, record) in about)
            {
                // A destructive request keeps its row without any ref (its body digest still refuses a replay).
                if (record.BodyDigest is null)
                {
                    _records.Remove(key);
                }
                else
                {
                    _records[key] = record with { CustomerRef = null, OrderIds = [], RequestRef = null };
                }
            }

            return Task.FromResult(about.Count);
        }
    }

    public Task MarkHandledAsync(string tenantId, string channel, string deliveryId, DateTimeOffset handledAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _handled.Add((tenantId, channel, deliveryId));
            return Task.CompletedTask;
        }
    }

    private ComplianceRecord? Find(string tenantId, string channel, string deliveryId, string? bodyDigest) =>
        _records.GetValueOrDefault((tenantId, channel, deliveryId))
        ?? (bodyDigest is null ? null : _records.Values.FirstOrDefault(r => r.TenantId == tenantId && r.Channel == channel && r.BodyDigest == bodyDigest));

    public int ForgetTenant(string tenantId)
    {
        lock (_lock)
        {
            _handled.RemoveWhere(k => k.Tenant == tenantId);
            return InMemoryRows.Forget(_records, k => k.Tenant == tenantId);
        }
    }
}
