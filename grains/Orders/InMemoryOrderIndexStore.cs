using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Orders;

/// <summary>The embedded node's order index: the same semantics as PostgreSQL, gone with the process.</summary>
public sealed class InMemoryOrderIndexStore : IOrderIndexStore, IInMemoryTenantRows
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Order), IndexedOrder> _orders = [];

    public Task UpsertAsync(string tenantId, string orderId, string? customerRef, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_orders.TryGetValue((tenantId, orderId), out var held) || held.UpdatedAt < updatedAt - TimeSpan.FromMinutes(1) || held.CustomerRef != customerRef)
            {
                _orders[(tenantId, orderId)] = new IndexedOrder(orderId, customerRef, updatedAt);
            }

            return Task.CompletedTask;
        }
    }

    public Task<bool> DeleteAsync(string tenantId, string orderId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_orders.Remove((tenantId, orderId)));
        }
    }

    public Task<IReadOnlyList<IndexedOrder>> ListChangedBeforeAsync(string tenantId, DateTimeOffset before, IndexedOrder? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<IndexedOrder> page = [.. _orders
                .Where(o => o.Key.Tenant == tenantId && o.Value.UpdatedAt < before)
                .Select(o => o.Value)
                .Where(o => after is null || o.UpdatedAt > after.UpdatedAt ||
                    (o.UpdatedAt == after.UpdatedAt && string.CompareOrdinal(o.OrderId, after.OrderId) > 0))
                .OrderBy(o => o.UpdatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    public int ForgetTenant(string tenantId)
    {
        lock (_lock)
        {
            return InMemoryRows.Forget(_orders, k => k.Tenant == tenantId);
        }
    }
}
