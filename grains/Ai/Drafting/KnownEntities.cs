using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Grains.Ai.Minimisation;

namespace Omniops.Actors.Grains.Ai.Drafting;

/// <summary>
/// What the grains know belongs to a conversation: its customer's name (and each part), e-mail and phone, and of their
/// orders the order numbers and ids, tracking numbers and links, and shipping address lines, postcode and phone.
/// Read as the caller, under the isolation filter.
/// </summary>
public static class KnownEntities
{
    /// <summary>How many of the customer's orders are read (the most recent ones the customer record lists last).</summary>
    public const int MaxOrders = 50;

    public static async Task<List<KnownEntity>> ReadAsync(IGrainFactory grains, string tenantId, string customerRef)
    {
        var known = new List<KnownEntity>();
        var customer = await grains.GetCustomerGrain(tenantId, customerRef).GetAsync();
        AddName(known, customer.Contact.Name);
        Add(known, EntityKind.Email, customer.Contact.Email);
        Add(known, EntityKind.Phone, customer.Contact.Phone);
        Add(known, EntityKind.Customer, customer.Contact.ExternalRef);
        // The orders are read concurrently (each read is a grain call with its own key lookup), and added in the customer record's order.
        var orders = await Task.WhenAll(customer.OrderIds.TakeLast(MaxOrders).Select(orderId => ReadOrderAsync(grains, tenantId, orderId)));
        foreach (var order in orders)
        {
            if (order is not null)
            {
                AddOrder(known, order);
            }
        }

        return known;
    }

    private static async Task<OrderView?> ReadOrderAsync(IGrainFactory grains, string tenantId, string orderId)
    {
        try
        {
            return await grains.GetOrderGrain(tenantId, orderId).GetAsync();
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static void AddOrder(List<KnownEntity> known, OrderView order)
    {
        Add(known, EntityKind.Order, order.OrderId);
        if (order.Snapshot is not { } snapshot)
        {
            return;
        }

        Add(known, EntityKind.Order, snapshot.Name);
        var bare = snapshot.Name.TrimStart('#');
        if (bare.Length >= 4 && bare != snapshot.Name)
        {
            Add(known, EntityKind.Order, bare);
        }

        foreach (var shipment in snapshot.Shipments)
        {
            Add(known, EntityKind.Tracking, shipment.TrackingNumber);
            Add(known, EntityKind.TokenUrl, shipment.TrackingUrl);
        }

        if (snapshot.ShippingAddress is { } address)
        {
            AddName(known, address.Name);
            Add(known, EntityKind.Address, address.Line1);
            Add(known, EntityKind.Address, address.Line2);
            Add(known, EntityKind.Postcode, address.PostalCode);
            Add(known, EntityKind.Phone, address.Phone);
        }
    }

    private static void AddName(List<KnownEntity> known, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        Add(known, EntityKind.Customer, name.Trim());
        foreach (var part in name.Split([' ', '-', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length >= 2)
            {
                Add(known, EntityKind.Customer, part);
            }
        }
    }

    private static void Add(List<KnownEntity> known, EntityKind kind, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && value.Trim().Length >= 2)
        {
            known.Add(new KnownEntity(kind, value.Trim()));
        }
    }
}
