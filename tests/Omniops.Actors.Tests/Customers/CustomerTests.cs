using System.Net;
using Omniops.Actors.Client.Customers;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Customers;

/// <summary>The data subject behind a channel's contact: one opaque ref, contact details kept current and sealed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task LaterMessagesUpdateTheContactDetailsTheyCarryAndKeepTheRest()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);

        foreach (var (id, name, email) in new[] { ("c-1", "Sam Lee", "sam@example.com"), ("c-2", "Samantha Lee", (string?)null), ("c-3", "Samantha Lee", null) })
        {
            using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody(id, "crm-sam", "hello", name: name, email: email));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", tenant.AdminKey);
        var summary = Assert.Single((await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray());
        var customerRef = summary.GetProperty("customerRef").GetString()!;
        var customer = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId), () => fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef).GetAsync());

        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        using var overHttp = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, agentKey);
        var contact = (await Webhooks.JsonAsync(overHttp)).GetProperty("contact");

        Assert.Equal("Samantha Lee", contact.GetProperty("name").GetString());
        Assert.Equal("sam@example.com", contact.GetProperty("email").GetString());
        Assert.Equal("Samantha Lee", customer.Contact.Name);
        Assert.Equal("sam@example.com", customer.Contact.Email);
        Assert.Equal([summary.GetProperty("conversationId").GetString()!], customer.ConversationIds);
        Assert.DoesNotContain("crm-sam", customerRef, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailsChangedAndChangedBackEndAsTheLastMessageSaysOnWhicheverSiloTheyArrive()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);

        // Sequential deliveries that alternate, as a contact editing a profile name does; the inbox is a stateless
        // worker with activations on both silos, so nothing but the customer grain may decide what is unchanged.
        var names = new[] { "Robin Park", "Rob Park", "Robin Park", "Rob Park", "Robin Park" };
        for (var i = 0; i < names.Length; i++)
        {
            using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody($"rb-{i}", "crm-robin", "hello", name: names[i]));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", tenant.AdminKey);
        var customerRef = Assert.Single((await Webhooks.JsonAsync(list)).GetProperty("conversations").EnumerateArray()).GetProperty("customerRef").GetString()!;
        var customer = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId), () => fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef).GetAsync());
        Assert.Equal("Robin Park", customer.Contact.Name);
    }

    [Fact]
    public async Task TheCustomerAnswerListsTheMostRecentIdsCountsThemAllAndShowsNoInternalMember()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        var total = CustomerResponse.MaxListedIds + 3;
        var created = new List<string>();
        for (var i = 0; i < total; i++)
        {
            using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                Webhooks.GenericBody($"many-{i}", "crm-many", "hello", conversationId: $"thread-{i}", name: "Morgan Many"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            created.Add((await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!);
        }

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations?limit=1", tenant.AdminKey);
        var customerRef = (await Webhooks.JsonAsync(list)).GetProperty("conversations")[0].GetProperty("customerRef").GetString()!;
        using var overHttp = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
        var customer = await Webhooks.JsonAsync(overHttp);

        Assert.Equal(HttpStatusCode.OK, overHttp.StatusCode);
        Assert.Equal(["customerRef", "channel", "contact", "conversationIds", "conversationCount", "orderIds", "orderCount", "createdAt"],
            customer.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name"], customer.GetProperty("contact").EnumerateObject().Select(p => p.Name));
        Assert.Equal(total, customer.GetProperty("conversationCount").GetInt32());
        Assert.Equal(Enumerable.Reverse(created).Take(CustomerResponse.MaxListedIds),
            customer.GetProperty("conversationIds").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(0, customer.GetProperty("orderCount").GetInt32());
        Assert.Equal(0, customer.GetProperty("orderIds").GetArrayLength());
    }

    [Fact]
    public async Task AnotherTenantsAgentCannotReadTheCustomer()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, a.AdminKey, "generic", secret);
        using (var response = await Webhooks.PostGenericAsync(fixture.Http, a.TenantId, secret, Webhooks.GenericBody("x-1", "crm-x", "hi", name: "Alex Private")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", a.AdminKey);
        var customerRef = (await Webhooks.JsonAsync(list)).GetProperty("conversations")[0].GetProperty("customerRef").GetString()!;

        var foreign = await Assert.ThrowsAsync<GrainInterfaces.Errors.ResourceNotFoundException>(() => ClusterFixture.AsAsync(WebhookChecks.Agent(b.TenantId),
            () => fixture.Grains.GetCustomerGrain(a.TenantId, customerRef).GetAsync()));
        var missing = await Assert.ThrowsAsync<GrainInterfaces.Errors.ResourceNotFoundException>(() => ClusterFixture.AsAsync(WebhookChecks.Agent(b.TenantId),
            () => fixture.Grains.GetCustomerGrain(b.TenantId, GrainKeys.NewLocalId('u')).GetAsync()));
        Assert.Equal(missing.Message, foreign.Message);
    }
}
