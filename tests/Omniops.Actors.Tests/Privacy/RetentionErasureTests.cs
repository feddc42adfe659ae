using System.Net;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// A customer a retention sweep left holding nothing is erased by a durable retention erasure request, started with the
/// sweep's page: a sweep that fails afterwards neither leaves the customer refusing deliveries nor keeps its data, and a
/// customer who received data again before its request ran keeps it. Only retention starts such a request.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RetentionErasureTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task ASweepThatFailsAfterEmptyingACustomerStillErasesItThroughItsRequestAndANewDeliveryForTheContactIsAccepted()
    {
        var (tenant, shopSecret) = await _shop.ConnectedTenantAsync();
        var genericSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", genericSecret);
        var (conversationId, customerRef) = await ConversationAsync(tenant.TenantId, genericSecret, "crm-swept", "m-swept-1");
        var (_, ordered) = await _shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        var orderId = ordered.GetProperty("orderId").GetString()!;
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString,
            "UPDATE conversation_index SET last_activity_at = last_activity_at - interval '400 days' WHERE tenant_id = $1 AND conversation_id = $2", tenant.TenantId, conversationId);
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString,
            "UPDATE order_index SET updated_at = updated_at - interval '800 days' WHERE tenant_id = $1 AND order_id = $2", tenant.TenantId, orderId);

        // The order expiry fails (after the conversations' page emptied the customer): the sweep fails.
        var fault = "order_fault_" + tenant.TenantId;
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"""
            CREATE FUNCTION {fault}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated order expiry fault'; END; $$;
            CREATE TRIGGER {fault} BEFORE DELETE ON order_index FOR EACH ROW WHEN (OLD.tenant_id = '{tenant.TenantId}') EXECUTE FUNCTION {fault}();
            """);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => ClusterFixture.AsAsync(CallerContext.Operator("retention-test"),
                () => fixture.Grains.GetRetentionGrain(tenant.TenantId).SweepAsync()));
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"DROP TRIGGER {fault} ON order_index; DROP FUNCTION {fault}();");
        }

        // Each customer is told before its page is deleted, so both the conversation's customer and the order's (whose
        // order could not be erased) have their erasure request, and both complete regardless of the failed sweep.
        var requests = await PrivacyChecks.WaitForRetentionAsync(fixture, tenant.AdminKey, 2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _shop.CustomerAsync(tenant.TenantId, customerRef));
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2", tenant.TenantId, customerRef));
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT (SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1) + (SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring = $1)",
            $"{tenant.TenantId}/{customerRef}"));

        // The order the failed sweep left behind is still in the index, so the next sweep erases it.
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM order_index WHERE tenant_id = $1 AND order_id = $2", tenant.TenantId, orderId));
        await ClusterFixture.AsAsync(CallerContext.Operator("retention-test"), () => fixture.Grains.GetRetentionGrain(tenant.TenantId).SweepAsync());
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM order_index WHERE tenant_id = $1 AND order_id = $2", tenant.TenantId, orderId));

        // The contact writes again: accepted (not 503), a new record under the same ref.
        var (again, againRef) = await ConversationAsync(tenant.TenantId, genericSecret, "crm-swept", "m-swept-2");
        Assert.Equal(customerRef, againRef);
        Assert.Equal(new[] { again }, (await _shop.CustomerAsync(tenant.TenantId, customerRef)).ConversationIds);
    }

    [Fact]
    public async Task ACustomerWhoReceivedDataAfterRetentionEmptiedItKeepsItAndItsRetentionRequestCompletesErasingNothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        var (oldId, customerRef) = await ConversationAsync(tenant.TenantId, secret, "crm-returning", "m-old");
        var retention = CallerContext.Privacy(tenant.TenantId, "retention");
        var customer = fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef);

        // Retention drops the expired conversation: the record holds nothing, and is not closed by that.
        Assert.True(await ClusterFixture.AsAsync(retention, () => customer.ExpireAsync([oldId], [])));
        var (freshId, _) = await ConversationAsync(tenant.TenantId, secret, "crm-returning", "m-fresh", "conv-fresh");

        // Closing it only if empty does not close a record that holds data again.
        var holdings = await ClusterFixture.AsAsync(retention, () => customer.BeginErasureAsync(onlyIfEmpty: true));
        Assert.Equal(new[] { freshId }, holdings.ConversationIds);
        var (laterId, _) = await ConversationAsync(tenant.TenantId, secret, "crm-returning", "m-later", "conv-later");

        // The retention request for it then completes, erasing nothing: audited as skipped, a receipt of zeros.
        var requestId = GrainKeys.NewLocalId('p');
        await ClusterFixture.AsAsync(retention, () => fixture.Grains.GetPrivacyRequestGrain(tenant.TenantId, requestId)
            .StartAsync(new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Retention, [customerRef], [], OnlyIfEmpty: true)));
        var done = await PrivacyChecks.WaitAsync(fixture, tenant.AdminKey, requestId);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("retention", done.GetProperty("source").GetString());

        var kept = await _shop.CustomerAsync(tenant.TenantId, customerRef);
        Assert.Equal(new[] { freshId, laterId }.Order(), kept.ConversationIds.Order());
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2", tenant.TenantId, customerRef));
        // Nothing erased: the old message (only its id was dropped here) and the two new ones.
        Assert.Equal(3L, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
        using (var accepted = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("m-after", "crm-returning", "Still here", "conv-fresh")))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var complete = Assert.Single(await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey),
            e => e.GetProperty("operation").GetString() == "privacy.request.complete" && e.GetProperty("resource").GetString() == requestId);
        Assert.Equal("holds data again", complete.GetProperty("details").GetProperty("skipped").GetString());
        Assert.Equal("0", complete.GetProperty("details").GetProperty("customers").GetString());
        using var receiptResponse = await fixture.SendAsync(HttpMethod.Get, $"/v1/privacy/requests/{requestId}/receipt", tenant.AdminKey);
        var receipt = JsonDocument.Parse((await Webhooks.JsonAsync(receiptResponse)).GetProperty("receipt").GetString()!).RootElement;
        Assert.Equal("retention", receipt.GetProperty("source").GetString());
        Assert.All(receipt.GetProperty("erased").EnumerateObject(), count => Assert.Equal(0, count.Value.GetInt64()));
        Assert.False(receipt.GetProperty("subjectKeyDestroyed").GetBoolean());
    }

    [Fact]
    public async Task OnlyRetentionStartsARetentionErasureAndOnlyARetentionErasureIsConditionalOnTheRecordHoldingNothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = new CallerContext(tenant.TenantId, "admin-key", ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        var retention = CallerContext.Privacy(tenant.TenantId, "retention");
        var attempts = new (CallerContext Caller, PrivacyRequestStart Start)[]
        {
            (admin, new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Retention, ["c-someone"], [])),
            (admin, new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Merchant, ["c-someone"], [], OnlyIfEmpty: true)),
            (retention, new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Merchant, ["c-someone"], [])),
            (retention, new PrivacyRequestStart(PrivacyRequestKind.Access, PrivacyRequestSource.Retention, ["c-someone"], [])),
            (retention, new PrivacyRequestStart(PrivacyRequestKind.TenantErasure, PrivacyRequestSource.Merchant, [], [])),
        };

        foreach (var (caller, start) in attempts)
        {
            var requestId = start.Kind == PrivacyRequestKind.TenantErasure ? TenantErasureRequest.IdOf(tenant.TenantId) : GrainKeys.NewLocalId('p');
            await Assert.ThrowsAsync<RequestValidationException>(() => ClusterFixture.AsAsync(caller,
                () => fixture.Grains.GetPrivacyRequestGrain(tenant.TenantId, requestId).StartAsync(start)));
        }

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests", tenant.AdminKey);
        Assert.Equal(0, (await Webhooks.JsonAsync(list)).GetArrayLength());
    }

    private async Task<(string Id, string CustomerRef)> ConversationAsync(string tenantId, string secret, string customer, string messageId, string? conversationId = null)
    {
        using var response = await Webhooks.PostGenericAsync(fixture.Http, tenantId, secret, Webhooks.GenericBody(messageId, customer, "Hello from " + customer, conversationId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!;
        await using var connection = new Npgsql.NpgsqlConnection(fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT customer_ref FROM conversation_index WHERE tenant_id = $1 AND conversation_id = $2", connection);
        command.Parameters.AddWithValue(tenantId);
        command.Parameters.AddWithValue(id);
        return (id, (string)(await command.ExecuteScalarAsync())!);
    }
}
