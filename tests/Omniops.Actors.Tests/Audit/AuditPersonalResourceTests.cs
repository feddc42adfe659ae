using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

/// <summary>
/// The audit trail outlives a subject's erasure: customer refs, conversation, order and message ids land in it only as
/// keyed hashes, never in clear, and the hashed form still finds the events.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditPersonalResourceTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task AfterWebhooksReadsAndAReplyNoAuditRowHoldsASubjectsRefOrIdInClear()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var genericSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", genericSecret);
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var (_, created) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created);
        var orderId = created.GetProperty("orderId").GetString()!;
        var (requestStatus, _) = await _shop.DeliverAsync(tenant.TenantId, secret, "customers/data_request", Webhooks.Fixture("shopify-customers-data-request.json"));
        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, genericSecret, Webhooks.GenericBody("p-1", "crm-private", "Where is my parcel?"));
        var conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString()!;

        using var order = await fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + orderId, agentKey);
        var shopCustomer = (await Webhooks.JsonAsync(order)).GetProperty("customerRef").GetString()!;
        using var customer = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + shopCustomer, agentKey);
        using var conversation = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, agentKey);
        var chatCustomer = (await Webhooks.JsonAsync(conversation)).GetProperty("customerRef").GetString()!;
        using var reply = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/replies", agentKey, new { text = "On its way." });
        var messageId = (await Webhooks.JsonAsync(reply)).GetProperty("messageId").GetString()!;

        Assert.Equal(HttpStatusCode.OK, requestStatus);
        Assert.All(new[] { order, customer, conversation }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        foreach (var value in new[] { orderId, shopCustomer, chatCustomer, conversationId, messageId })
        {
            Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                "SELECT count(*) FROM omniops_audit_events e WHERE tenant_id = $1 AND strpos(row_to_json(e)::text, $2) > 0", tenant.TenantId, value));
        }

        var key = await fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<AuditKeys>().ForTenantAsync(tenant.TenantId);
        var events = await AuditChecks.ReadEventsAsync(fixture, tenant.AdminKey);
        string? ResourceOf(string operation) => events.Last(e => e.GetProperty("operation").GetString() == operation).GetProperty("resource").GetString();
        Assert.Equal(AuditChain.PersonalResource(key, orderId), ResourceOf("order.read"));
        Assert.Equal(AuditChain.PersonalResource(key, shopCustomer), ResourceOf("customer.read"));
        Assert.Equal(AuditChain.PersonalResource(key, conversationId), ResourceOf("conversation.read"));
        Assert.Equal(AuditChain.PersonalResource(key, conversationId), ResourceOf("conversation.reply"));
        Assert.Equal(AuditChain.PersonalResource(key, shopCustomer), ResourceOf("privacy.platform-request"));
        Assert.Matches("^hmac:[0-9a-f]{64}$", ResourceOf("conversation.reply")!);
        Assert.True((await AuditChecks.VerifyAsync(fixture, tenant.AdminKey)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task TheEventsAboutASubjectAreFoundByItsRefsInSequenceOrderWithinItsTenantOnly()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        var log = fixture.Grains.GetAuditLogGrain(a.TenantId);
        var writer = new CallerContext(a.TenantId, "audit-test", ActorKind.System, [Scopes.AuditAppend]);
        var reader = new CallerContext(a.TenantId, "audit-test", ActorKind.TenantAdmin, [Scopes.AuditRead]);
        var (subject, conversation, other) = (GrainKeys.NewLocalId('u'), GrainKeys.NewLocalId('c'), GrainKeys.NewLocalId('u'));
        foreach (var (operation, resource) in new[] { ("customer.read", subject), ("customer.read", other), ("conversation.read", conversation), ("customer.read", subject) })
        {
            await ClusterFixture.AsAsync(writer, () => log.AppendAsync(new AuditEntry(operation, AuditOutcomes.Success, resource, PersonalResource: true)));
        }

        await ClusterFixture.AsAsync(writer with { TenantId = b.TenantId }, () => fixture.Grains.GetAuditLogGrain(b.TenantId)
            .AppendAsync(new AuditEntry("customer.read", AuditOutcomes.Success, subject, PersonalResource: true)));

        var about = await ClusterFixture.AsAsync(reader, () => log.ReadAboutAsync([subject, conversation], 0, 500));
        var firstPage = await ClusterFixture.AsAsync(reader, () => log.ReadAboutAsync([subject, conversation], 0, 2));
        var nextPage = await ClusterFixture.AsAsync(reader, () => log.ReadAboutAsync([subject, conversation], firstPage[^1].Sequence, 2));
        var unknown = await ClusterFixture.AsAsync(reader, () => log.ReadAboutAsync([GrainKeys.NewLocalId('u')], 0, 500));
        var tooMany = await Assert.ThrowsAsync<RequestValidationException>(() => ClusterFixture.AsAsync(reader,
            () => log.ReadAboutAsync([.. Enumerable.Range(0, 2001).Select(_ => subject)], 0, 500)));

        var key = await fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<AuditKeys>().ForTenantAsync(a.TenantId);
        Assert.Equal(["customer.read", "conversation.read", "customer.read"], about.Select(e => e.Operation));
        Assert.Equal(about.Select(e => e.Sequence).Order(), about.Select(e => e.Sequence));
        Assert.All(about, e => Assert.Equal(a.TenantId, e.TenantId));
        Assert.Equal([AuditChain.PersonalResource(key, subject), AuditChain.PersonalResource(key, conversation), AuditChain.PersonalResource(key, subject)],
            about.Select(e => e.Resource));
        Assert.Equal(about.Select(e => e.Sequence), firstPage.Concat(nextPage).Select(e => e.Sequence));
        Assert.Empty(unknown);
        Assert.NotNull(tooMany);
    }
}
