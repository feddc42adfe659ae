namespace Omniops.Actors.Grains.Channels;

/// <summary>The embedded node's store of forwarded privacy requests.</summary>
public sealed class InMemoryComplianceRequestStore : IComplianceRequestStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Channel, string Delivery), ComplianceRecord> _records = [];

    public Task<bool> AddAsync(ComplianceRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.TryAdd((record.TenantId, record.Channel, record.DeliveryId), record));
        }
    }

    public Task<bool> ContainsAsync(string tenantId, string channel, string deliveryId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.ContainsKey((tenantId, channel, deliveryId)));
        }
    }

    public Task<IReadOnlyList<ComplianceRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ComplianceRecord> open = [.. _records.Values.Where(r => r.TenantId == tenantId).OrderBy(r => r.ReceivedAt)];
            return Task.FromResult(open);
        }
    }
}
