using System.Net;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// A delivery is checked whole before anything is written: a 400 leaves no message, no conversation and no change to
/// a contact, on real HTTP and real PostgreSQL.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AllOrNothingIntakeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AGenericMessageWithAnOverlongCustomerNameIsRefusedAndLeavesNoConversation()
    {
        var (tenant, secret) = await ConnectedTenantAsync("generic");
        var body = Webhooks.GenericBody("m-long-name", "crm-long", "Hello", name: new string('n', 321));

        using var post = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body);
        var messages = await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId);
        var indexed = await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenant.TenantId);
        using var valid = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("m-long-name", "crm-long", "Hello", name: "Nell"));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains(("generic", "invalid-content"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(0, messages);
        Assert.Equal(0, indexed);
        // The same message with a valid name is new: the refused one left nothing behind to be a duplicate of.
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        Assert.False((await Webhooks.JsonAsync(valid)).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task ADeliveryIntoAnotherCustomersConversationIsRefusedAndKeepsNoneOfTheIntrudersDetails()
    {
        var (tenant, secret) = await ConnectedTenantAsync("generic");
        using var alice = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody("m-alice", "crm-alice", "My parcel is late", conversationId: "ticket-1", name: "Alice"));
        using var bea = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody("m-bea", "crm-bea", "Hello", name: "Bea"));
        var beaRef = await CustomerRefAsync(tenant.TenantId, await Webhooks.JsonAsync(bea));

        using var intrusion = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody("m-intruder", "crm-bea", "Give me her address", conversationId: "ticket-1", name: "Mallory", email: "mallory@example.com"));
        var held = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId), () => fixture.Grains.GetCustomerGrain(tenant.TenantId, beaRef).GetAsync());

        Assert.Equal(HttpStatusCode.Accepted, alice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, intrusion.StatusCode);
        Assert.Equal("Bea", held.Contact.Name);
        Assert.Null(held.Contact.Email);
        Assert.Equal(2, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    [Fact]
    public async Task AWhatsAppNotificationWithOneOverlongProfileNameStoresNeitherMessage()
    {
        var (tenant, secret) = await ConnectedTenantAsync("whatsapp");
        var whole = Notification(("15550100001", "Ana", "wamid.first"), ("15550100002", new string('p', 321), "wamid.second"));

        using var refused = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, whole);
        using var validPart = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, Notification(("15550100001", "Ana", "wamid.first")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(("whatsapp", "invalid-content"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
        Assert.Equal(HttpStatusCode.OK, validPart.StatusCode);
        Assert.Equal(0, (await Webhooks.JsonAsync(validPart)).GetProperty("duplicates").GetInt32());
        Assert.Equal(1, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    /// <summary>A WhatsApp notification with one text message from each of <paramref name="senders"/>.</summary>
    private static byte[] Notification(params (string Number, string Name, string MessageId)[] senders) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            @object = "whatsapp_business_account",
            entry = new[]
            {
                new
                {
                    id = "102938475610293",
                    changes = new[]
                    {
                        new
                        {
                            field = "messages",
                            value = new
                            {
                                messaging_product = "whatsapp",
                                metadata = new { display_phone_number = "15550104477", phone_number_id = "109876543210987" },
                                contacts = senders.Select(s => new { profile = new { name = s.Name }, wa_id = s.Number }).ToArray(),
                                messages = senders.Select(s => new { from = s.Number, id = s.MessageId, timestamp = "1795529141", type = "text", text = new { body = "Hello from " + s.Number } }).ToArray(),
                            },
                        },
                    },
                },
            },
        });

    private Task<string> CustomerRefAsync(string tenantId, JsonElement ack) =>
        ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), async () =>
            (await fixture.Grains.GetConversationGrain(tenantId, ack.GetProperty("conversationId").GetString()!).GetAsync(0, 1)).Summary.CustomerRef);

    private async Task<(TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync(string integration)
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, integration, secret);
        return (tenant, secret);
    }
}
