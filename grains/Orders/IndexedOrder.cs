namespace Omniops.Actors.Grains.Orders;

/// <summary>One row of the order index: the order, its customer (null for a guest order) and its last change.</summary>
public sealed record IndexedOrder(string OrderId, string? CustomerRef, DateTimeOffset UpdatedAt);
