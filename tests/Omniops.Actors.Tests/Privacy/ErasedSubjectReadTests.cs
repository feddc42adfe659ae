using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>A data subject whose key was destroyed reads as erased: 410 with a problem document, never 500.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ErasedSubjectReadTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task AfterItsSubjectKeyIsDestroyedAConversationACustomerAndAnOrderAnswerGoneWithAProblemDocument()
    {
        var (tenant, shopSecret) = await _shop.ConnectedTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        using var message = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody("erase-1", "crm-erased", "hello", name: "Erin Erased", email: "erin@example.com"));
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        var (orderStatus, ordered) = await _shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        Assert.Equal(HttpStatusCode.OK, orderStatus);
        var order = await _shop.OrderAsync(tenant.TenantId, ordered);
        using var conversation = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        var conversationCustomer = (await Webhooks.JsonAsync(conversation)).GetProperty("customerRef").GetString()!;
        Assert.Equal(HttpStatusCode.OK, conversation.StatusCode);

        var keyring = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<SubjectKeyring>();
        Assert.True(await keyring.DestroyAsync(tenant.TenantId, conversationCustomer));
        Assert.True(await keyring.DestroyAsync(tenant.TenantId, order.CustomerRef!));
        // Fresh activations: nothing holds the destroyed keys in memory any more.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        foreach (var path in new[] { "/v1/conversations/" + conversationId, "/v1/customers/" + conversationCustomer, "/v1/customers/" + order.CustomerRef, "/v1/orders/" + order.OrderId })
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, tenant.AdminKey);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await Webhooks.JsonAsync(response);
            Assert.Equal("https://omniops.dev/problems/subject-erased", problem.GetProperty("type").GetString());
            Assert.Equal(410, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("erin", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
