using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces.Catalogue;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Orders;
using static Omniops.Actors.Client.Channels.PayloadReader;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// Reads Shopify webhook bodies into the runtime's order and privacy-request records. Only what support needs is
/// taken: order status, totals, lines, shipping address and tracking, refunds — not browser, payment or marketing
/// details. A customer is Shopify's customer id; a guest order's customer is its e-mail address. Only the body is
/// signed, not the topic header, so a privacy body must have its own topic's shape: a captured data request cannot
/// be relabelled as a redact.
/// </summary>
public static class ShopifyPayloads
{
    public const string OrdersCreate = "orders/create";
    public const string OrdersUpdated = "orders/updated";
    public const string RefundsCreate = "refunds/create";
    public const string ProductsCreate = "products/create";
    public const string ProductsUpdate = "products/update";
    public const string CustomersDataRequest = ComplianceTopics.CustomersDataRequest;
    public const string CustomersRedact = ComplianceTopics.CustomersRedact;
    public const string ShopRedact = ComplianceTopics.ShopRedact;

    /// <summary>
    /// The top-level members of each privacy topic's payload, as Shopify documents them (Privacy law compliance).
    /// Other members are ignored, so a field Shopify adds does not make a mandatory request fail.
    /// </summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> ComplianceMembers = new Dictionary<string, FrozenSet<string>>
    {
        [CustomersDataRequest] = FrozenSet.Create(StringComparer.Ordinal, "shop_id", "shop_domain", "orders_requested", "customer", "data_request"),
        [CustomersRedact] = FrozenSet.Create(StringComparer.Ordinal, "shop_id", "shop_domain", "customer", "orders_to_redact"),
        [ShopRedact] = FrozenSet.Create(StringComparer.Ordinal, "shop_id", "shop_domain"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsOrderTopic(string topic) => topic is OrdersCreate or OrdersUpdated or RefundsCreate;

    public static bool IsComplianceTopic(string topic) => ComplianceTopics.IsCompliance(topic);

    /// <summary>Members every order (and refund) payload has and no product payload has.</summary>
    private static readonly string[] OrderMembers = ["line_items", "order_id", "order_number", "financial_status", "refund_line_items"];

    public static bool IsProductTopic(string topic) => topic is ProductsCreate or ProductsUpdate;

    /// <summary>
    /// A product for the catalogue: only what product lookup needs (no descriptions, images or costs). A shop may have
    /// more variants and tags than the catalogue keeps; the first <see cref="CatalogueRules.MaxVariants"/> and
    /// <see cref="CatalogueRules.MaxTags"/> are kept, so a large product is still stored rather than refused for ever.
    /// </summary>
    public static ProductEvent ReadProductEvent(string topic, string deliveryId, byte[] body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        // Only the body is signed: an order's body relabelled as a product topic must not land in the catalogue.
        if (OrderMembers.Any(m => root.TryGetProperty(m, out _)))
        {
            throw new TopicMismatchException($"The body is not a {topic} payload: it is an order's.");
        }

        _ = RequiredString(root, "title");
        var tags = Member(root, "tags") is { ValueKind: JsonValueKind.Array }
            ? Array(root, "tags").Select(t => t.ValueKind == JsonValueKind.String ? Text(t, "tags") : throw new FormatException("'tags' must be strings."))
            : (String(root, "tags") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var variants = Array(root, "variants").Take(CatalogueRules.MaxVariants).Select(v =>
        {
            if (v.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("'variants' must be objects.");
            }

            int? quantity = Member(v, "inventory_quantity") is { } q
                ? q.ValueKind == JsonValueKind.Number && q.TryGetInt32(out var n) ? n : throw new FormatException("'inventory_quantity' must be an integer.")
                : null;
            var available = quantity is null or > 0 || String(v, "inventory_policy") == "continue";
            return new ProductVariant(NullIfEmpty(String(v, "sku")), String(v, "title"), Amount(v, "price"), quantity, available);
        }).ToList();
        var product = new ProductRecord(RequiredId(root, "id"), String(root, "title") ?? string.Empty, String(root, "handle"), String(root, "status"),
            String(root, "vendor"), String(root, "product_type"), [.. tags.Take(CatalogueRules.MaxTags)], variants,
            Time(root, "updated_at") ?? Time(root, "created_at") ?? throw new FormatException("'updated_at' is required."));
        return new ProductEvent(deliveryId, topic, product);
    }

    private static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static OrderEvent ReadOrderEvent(string topic, string deliveryId, byte[] body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        return topic == RefundsCreate
            ? new OrderEvent(deliveryId, topic, RequiredId(root, "order_id"), null, null, ReadRefund(root))
            : new OrderEvent(deliveryId, topic, RequiredId(root, "id"), ReadCustomer(root), ReadOrder(root), null);
    }

    /// <summary>
    /// The privacy request in <paramref name="body"/>, with the SHA-256 of the signed bytes. A body that carries a
    /// member only another topic has, or has exactly another topic's members, throws <see cref="TopicMismatchException"/>.
    /// </summary>
    public static ComplianceRequest ReadComplianceRequest(string topic, string deliveryId, byte[] body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        var own = ComplianceMembers[topic];
        var present = ComplianceMembers.Values.SelectMany(m => m).Where(m => root.TryGetProperty(m, out _)).ToHashSet(StringComparer.Ordinal);
        if (!present.IsSubsetOf(own) || (!present.SetEquals(own) && ComplianceMembers.Any(t => t.Key != topic && t.Value.SetEquals(present))))
        {
            throw new TopicMismatchException($"The body is not a {topic} payload: its members are another topic's.");
        }

        if (own.FirstOrDefault(m => !present.Contains(m)) is { } missing)
        {
            throw new FormatException($"'{missing}' is required.");
        }

        _ = RequiredId(root, "shop_id");
        _ = RequiredString(root, "shop_domain");
        var customer = Object(root, "customer") is { } c ? Id(c, "id") : null;
        var orders = Array(root, topic == CustomersRedact ? "orders_to_redact" : "orders_requested")
            .Select(o => o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out var id) ? id.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new FormatException("Order ids must be integers."))
            .ToList();
        var request = Object(root, "data_request") is { } r ? Id(r, "id") : null;
        if (topic != ShopRedact && customer is null)
        {
            throw new FormatException("'customer.id' is required.");
        }

        return new ComplianceRequest(deliveryId, topic, customer, orders, request, Convert.ToHexStringLower(SHA256.HashData(body)));
    }

    private static JsonDocument Parse(byte[] body)
    {
        var document = PayloadReader.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new FormatException("The body must be a JSON object.");
        }

        return document;
    }

    private static InboundContact? ReadCustomer(JsonElement order)
    {
        var customer = Object(order, "customer");
        var email = customer is { } c1 ? String(c1, "email") : null;
        email ??= String(order, "email") ?? String(order, "contact_email");
        var id = customer is { } c2 ? Id(c2, "id") : null;
        id ??= string.IsNullOrEmpty(email) ? null : "email:" + email.Trim().ToLowerInvariant();
        if (id is null)
        {
            return null;
        }

        var name = customer is { } c3 ? string.Join(' ', new[] { String(c3, "first_name"), String(c3, "last_name") }.Where(n => !string.IsNullOrWhiteSpace(n))) : null;
        var phone = (customer is { } c4 ? String(c4, "phone") : null) ?? String(order, "phone");
        return new InboundContact(id, string.IsNullOrEmpty(name) ? null : name, email, phone);
    }

    private static OrderSnapshot ReadOrder(JsonElement order)
    {
        var address = Object(order, "shipping_address") is { } a
            ? new PostalAddress(String(a, "name"), String(a, "address1"), String(a, "address2"), String(a, "city"), String(a, "province"),
                String(a, "zip"), String(a, "country_code") ?? String(a, "country"), String(a, "phone"))
            : null;
        var lines = Array(order, "line_items")
            .Select(l => new OrderLine(RequiredId(l, "id"), String(l, "title") ?? String(l, "name") ?? string.Empty, Int(l, "quantity"), Amount(l, "price"), String(l, "sku")))
            .ToList();
        var shipments = Array(order, "fulfillments")
            .Select(f => new Shipment(String(f, "tracking_company"), String(f, "tracking_number"), String(f, "tracking_url"), String(f, "shipment_status") ?? String(f, "status")))
            .ToList();
        return new OrderSnapshot(
            RequiredString(order, "name"), String(order, "currency"), Amount(order, "current_total_price") ?? Amount(order, "total_price"),
            String(order, "financial_status"), String(order, "fulfillment_status"), Time(order, "created_at"),
            Time(order, "updated_at") ?? Time(order, "created_at") ?? throw new FormatException("'updated_at' is required."),
            Time(order, "cancelled_at"), String(order, "cancel_reason"), address, lines, shipments);
    }

    private static RefundRecord ReadRefund(JsonElement refund)
    {
        var lines = Array(refund, "refund_line_items")
            .Select(l => new RefundLine(RequiredId(l, "line_item_id"), Int(l, "quantity"), Amount(l, "subtotal")))
            .ToList();
        var refunded = Array(refund, "transactions")
            .Where(t => String(t, "kind") == "refund" && String(t, "status") == "success")
            .Select(t => decimal.TryParse(Amount(t, "amount"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0m)
            .Aggregate(0m, (total, amount) => decimal.MaxValue - Math.Abs(amount) < Math.Abs(total)
                ? throw new FormatException("The refund's transaction amounts add up beyond any real amount.")
                : total + amount);
        return new RefundRecord(RequiredId(refund, "id"), Time(refund, "created_at") ?? throw new FormatException("'created_at' is required."),
            refunded.ToString(System.Globalization.CultureInfo.InvariantCulture), String(refund, "note"), lines);
    }
}
