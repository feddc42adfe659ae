using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

/// <summary>Reads of decrypted personal data land in the tenant's audit trail, once per reader and resource per period.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadAuditTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task QuickRepeatedAndPagedReadsOfAConversationAreOneEventPerReader()
    {
        var (tenant, conversationId) = await ConversationAsync("Where is my parcel?", "And my refund?", "Thanks");
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        using var first = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}", agentKey);
        using var second = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}", agentKey);
        using var page = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}?after=1&limit=1", agentKey);
        using var byAdmin = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}", tenant.AdminKey);

        Assert.All(new[] { first, second, page, byAdmin }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var reads = await ReadEventsAsync(tenant.AdminKey, "conversation.read");
        Assert.Equal([KeyIdOf(agentKey), tenant.AdminKeyId], reads.Select(e => e.GetProperty("actorId").GetString()));
        var key = await AuditKeyAsync(tenant.TenantId);
        Assert.All(reads, e => Assert.Equal(AuditChain.PersonalResource(key, conversationId), e.GetProperty("resource").GetString()));
        Assert.All(reads, e => Assert.Equal("success", e.GetProperty("outcome").GetString()));
        Assert.Equal(["agent", "tenant_admin"], reads.Select(e => e.GetProperty("actorKind").GetString()));
    }

    [Fact]
    public async Task AForeignTenantsReadAttemptLeavesNoReadEventInEitherLog()
    {
        var (a, conversationId) = await ConversationAsync("My address is 1 Private Road");
        var b = await fixture.CreateTenantAsync();
        var bAgent = await fixture.CreateKeyAsync(b.AdminKey, "agent");
        using (var signIn = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", bAgent))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        var aEventsBefore = await EventCountAsync(a.TenantId);
        using var foreign = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}", bAgent);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(aEventsBefore, await EventCountAsync(a.TenantId));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id IN ($1, $2) AND operation LIKE '%.read'", a.TenantId, b.TenantId));
    }

    [Fact]
    public async Task ReadsOfAnOrderAndItsCustomerAreAuditedOncePerReader()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var (_, result) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created);
        var orderId = result.GetProperty("orderId").GetString()!;

        using var order = await fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, agentKey);
        var customerRef = (await Webhooks.JsonAsync(order)).GetProperty("customerRef").GetString()!;
        using var orderAgain = await fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, agentKey);
        using var customer = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, agentKey);
        using var customerAgain = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, agentKey);

        Assert.All(new[] { order, orderAgain, customer, customerAgain }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var orderRead = Assert.Single(await ReadEventsAsync(tenant.AdminKey, "order.read"));
        var customerRead = Assert.Single(await ReadEventsAsync(tenant.AdminKey, "customer.read"));
        var key = await AuditKeyAsync(tenant.TenantId);
        Assert.Equal(AuditChain.PersonalResource(key, orderId), orderRead.GetProperty("resource").GetString());
        Assert.Equal(AuditChain.PersonalResource(key, customerRef), customerRead.GetProperty("resource").GetString());
        Assert.Equal(KeyIdOf(agentKey), orderRead.GetProperty("actorId").GetString());
        Assert.Equal(KeyIdOf(agentKey), customerRead.GetProperty("actorId").GetString());
    }

    [Fact]
    public async Task AReadFailsClosedWhenTheAuditTrailCannotRecordIt()
    {
        var (tenant, conversationId) = await ConversationAsync("Please call me back on my private line");
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        using (var signIn = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", agentKey))
        {
            // Signed in (and that audited) before the outage, so the outage meets the read's audit, not the sign-in's.
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        HttpResponseMessage blocked;
        string blockedBody;
        await using (await AuditOutage.StartAsync(fixture, tenant.TenantId))
        {
            blocked = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}", agentKey);
            blockedBody = await blocked.Content.ReadAsStringAsync();
        }

        using var afterwards = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}", agentKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
        Assert.DoesNotContain("private line", blockedBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Contains("private line", await afterwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await ReadEventsAsync(tenant.AdminKey, "conversation.read"));
        blocked.Dispose();
    }

    private async Task<(TenantCreatedResponse Tenant, string ConversationId)> ConversationAsync(params string[] texts)
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        string? conversationId = null;
        for (var i = 0; i < texts.Length; i++)
        {
            using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                Webhooks.GenericBody($"m-{i}", "crm-reader", texts[i], conversationId: "thread"));
            Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
            conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString();
        }

        return (tenant, conversationId!);
    }

    private async Task<List<JsonElement>> ReadEventsAsync(string adminKey, string operation) =>
        [.. (await WebhookChecks.AuditEventsAsync(fixture, adminKey)).Where(e => e.GetProperty("operation").GetString() == operation)];

    private Task<long> EventCountAsync(string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1", tenantId);

    private async Task<byte[]> AuditKeyAsync(string tenantId) =>
        await fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<AuditKeys>().ForTenantAsync(tenantId);

    private static string KeyIdOf(string key) => key.Split('.')[2];
}
