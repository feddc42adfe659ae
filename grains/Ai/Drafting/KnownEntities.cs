using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Grains.Ai.Tools;

namespace Omniops.Actors.Grains.Ai.Drafting;

/// <summary>
/// What the grains know belongs to a conversation: its customer's name (and each part), e-mail and phone, and of their
/// orders (the newest <see cref="CustomerOrders.MaxOrders"/>) the order numbers and ids, tracking numbers and links,
/// and shipping address lines, postcode and phone.
/// Read as the caller, under the isolation filter.
/// </summary>
public static class KnownEntities
{
    /// <summary>The conversation's known entities, read as the caller: its customer and their newest orders (<see cref="CustomerOrders"/>).</summary>
    public static async Task<List<KnownEntity>> ReadAsync(IGrainFactory grains, string tenantId, string customerRef)
    {
        var customer = await grains.GetCustomerGrain(tenantId, customerRef).GetAsync();
        return Of(customer, await CustomerOrders.ReadAsync(grains, tenantId, customer));
    }

    /// <summary>The known entities of a customer and the orders read of them (in the customer record's order).</summary>
    public static List<KnownEntity> Of(CustomerView customer, IReadOnlyList<OrderView> orders)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(orders);
        var known = new List<KnownEntity>();
        AddName(known, customer.Contact.Name);
        Add(known, EntityKind.Email, customer.Contact.Email);
        Add(known, EntityKind.Phone, customer.Contact.Phone);
        Add(known, EntityKind.Customer, customer.Contact.ExternalRef);
        foreach (var order in orders)
        {
            AddOrder(known, order);
        }

        return known;
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
