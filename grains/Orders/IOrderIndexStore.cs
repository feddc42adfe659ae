namespace Omniops.Actors.Grains.Orders;

/// <summary>
/// The order index (<c>order_index</c>, migration 0018): one row per order with its customer and last change, what
/// the retention sweep pages through. PostgreSQL, or memory for the embedded node.
/// </summary>
public interface IOrderIndexStore
{
    /// <summary>Records the order's last change (and its customer, which may appear later); one statement.</summary>
    Task UpsertAsync(string tenantId, string orderId, string? customerRef, DateTimeOffset updatedAt, CancellationToken cancellationToken = default);

    /// <summary>Removes the order's row (erasure and retention); true when there was one.</summary>
    Task<bool> DeleteAsync(string tenantId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Orders last changed before <paramref name="before"/>, oldest first and then by id, starting after
    /// <paramref name="after"/> (null: from the oldest).
    /// </summary>
    Task<IReadOnlyList<IndexedOrder>> ListChangedBeforeAsync(string tenantId, DateTimeOffset before, IndexedOrder? after, int limit, CancellationToken cancellationToken = default);
}
