using System.Net.Http.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Ai;

/// <summary>A tenant with AI settings, an agent key, and a conversation whose customer has a contact record and an order.</summary>
public static class AiConversations
{
    public const string Name = "Philippa Quenby-Hartwell";
    public const string Email = "philippa.qh@example.net";
    public const string Phone = "+44 7700 900123";
    public const string OrderNumber = "#4417";
    public const string ExternalOrderId = "820982911946154508";
    public const string AddressLine = "12 Larkspur Mews";
    public const string Postcode = "BA1 5QT";
    public const string Tracking = "RM448812937GB";

    /// <summary>Every personal value planted, as it could appear anywhere (parts and spellings included).</summary>
    public static readonly string[] PersonalValues =
        [Name, "Philippa", "Quenby", "Hartwell", Email, "7700 900123", "4417", ExternalOrderId, "Larkspur", Postcode, Tracking];

    public sealed record Seeded(TenantCreatedResponse Tenant, string AgentKey, string AgentKeyId, string ConversationId, string CustomerRef, string PromptCanary);

    public static async Task<TenantCreatedResponse> TenantAsync(ClusterFixture fixture, object ai)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var patched = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, new { ai });
        patched.EnsureSuccessStatusCode();
        return tenant;
    }

    public static async Task<Seeded> SeedAsync(ClusterFixture fixture, object ai)
    {
        var tenant = await TenantAsync(fixture, ai);
        using var minted = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, new { role = "agent", name = "agent key" });
        minted.EnsureSuccessStatusCode();
        var agent = (await minted.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>())!;
        var (customerRef, conversationId, orderId) = (GrainKeys.NewLocalId('c'), GrainKeys.NewLocalId('v'), GrainKeys.NewLocalId('o'));
        var canary = "CANARY-PROMPT-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var snapshot = new OrderSnapshot(OrderNumber, "GBP", "59.00", "paid", "fulfilled", now.AddDays(-3), now.AddDays(-1), null, null,
            new PostalAddress(Name, AddressLine, null, "Bath", null, Postcode, "GB", Phone),
            [new OrderLine("1", "Linen shirt", 1, "59.00", "SKU-LS-01")],
            [new Shipment("Royal Mail", Tracking, "https://track.example/" + Tracking, "in_transit")]);
        await ClusterFixture.AsAsync(CallerContext.Channel(tenant.TenantId, "generic"), async () =>
        {
            await fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef).RecordContactAsync("generic", new ContactDetails(Name, Email, Phone));
            await fixture.Grains.GetOrderGrain(tenant.TenantId, orderId).ApplyAsync("shopify", customerRef,
                new OrderEvent(Guid.NewGuid().ToString(), "orders/create", ExternalOrderId, null, snapshot, null));
            return await fixture.Grains.GetConversationGrain(tenant.TenantId, conversationId).AppendAsync(new ConversationDelivery(
                GrainKeys.NewLocalId('m'), "generic", customerRef, MessageKind.Customer,
                $"Hi, this is {Name} ({Email}). Where is my order {OrderNumber}? It goes to {AddressLine}, {Postcode}; call me on {Phone}. {canary}",
                [], now, null));
        });
        return new Seeded(tenant, agent.Key, agent.KeyId, conversationId, customerRef, canary);
    }

    public static object Allowed(bool autoSend = false, bool trainingOptIn = false) =>
        new { enabled = true, autoSend, trainingOptIn, allowedRegions = new[] { AiDeployment.Region } };
}
