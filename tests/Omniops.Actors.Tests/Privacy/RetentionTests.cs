using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Retention: one sweep of a tenant (the operator's on-demand route, the reminder's work) removes exactly what is past
/// the tenant's retention periods — messages, index rows, order state rows — and starts a retention erasure request
/// for each customer left holding nothing, which erases it with its subject key; the rest stays readable; another
/// tenant is untouched. Data is made old by moving its index
/// rows' times back (tenant retention at its defaults: conversations 365 days, orders 730 days).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RetentionTests(ClusterFixture fixture)
{
    private const string ShopifyOrderId = "6301842957313";
    private const string ShopifyCustomerId = "\"id\": 7712045583361";

    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task OneSweepRemovesExactlyTheDataPastItsRetentionErasesTheCustomerLeftWithNothingAndKeepsTheRestReadable()
    {
        var (tenant, shopSecret) = await _shop.ConnectedTenantAsync();
        var genericSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", genericSecret);
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var oldOnly = await ConversationAsync(tenant.TenantId, genericSecret, "crm-old-only", "m-old-1");
        var mixedOld = await ConversationAsync(tenant.TenantId, genericSecret, "crm-mixed", "m-mixed-old", "conv-mixed-old");
        var mixedFresh = await ConversationAsync(tenant.TenantId, genericSecret, "crm-mixed", "m-mixed-fresh", "conv-mixed-fresh");
        var fresh = await ConversationAsync(tenant.TenantId, genericSecret, "crm-fresh", "m-fresh-1");
        var (_, oldOrdered) = await _shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        var freshBody = WebhookChecks.Edit(WebhookChecks.Edit(ShopifyDeliveries.Created, ShopifyOrderId, "6301842957999"), ShopifyCustomerId, "\"id\": 7712045583999");
        var (_, freshOrdered) = await _shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", freshBody);
        var oldOrder = await _shop.OrderAsync(tenant.TenantId, oldOrdered);
        var freshOrder = await _shop.OrderAsync(tenant.TenantId, freshOrdered);
        Assert.NotEqual(oldOrder.CustomerRef, freshOrder.CustomerRef);

        var (other, otherSecret) = await _shop.ConnectedTenantAsync();
        await Webhooks.ConnectAsync(fixture, other.AdminKey, "generic", otherSecret);
        var otherOld = await ConversationAsync(other.TenantId, otherSecret, "crm-old-only", "m-old-1");
        var (_, otherOrdered) = await _shop.DeliverAsync(other.TenantId, otherSecret, "orders/create", ShopifyDeliveries.Created);
        var otherOrderId = otherOrdered.GetProperty("orderId").GetString()!;

        foreach (var (t, ids) in new[] { (tenant.TenantId, new[] { oldOnly.Id, mixedOld.Id }), (other.TenantId, new[] { otherOld.Id }) })
        {
            // Counted in the same statement: a row not there yet (or not this tenant's) would be aged silently otherwise.
            Assert.Equal((long)ids.Length, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                "WITH aged AS (UPDATE conversation_index SET last_activity_at = last_activity_at - interval '400 days' WHERE tenant_id = $1 AND conversation_id = ANY ($2) RETURNING 1) SELECT count(*) FROM aged",
                t, ids));
        }

        // Orders are kept 730 days by default: one made 800 days old expires, one made 400 days old stays.
        await AgeOrderAsync(tenant.TenantId, oldOrder.OrderId, 800);
        await AgeOrderAsync(tenant.TenantId, freshOrder.OrderId, 400);
        await AgeOrderAsync(other.TenantId, otherOrderId, 800);
        var before = await StorageRowsAsync(tenant.TenantId);
        // Still past retention as the sweep starts: a failure here is the set-up's (a row touched again since), not the sweep's.
        Assert.Equal(2L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM conversation_index WHERE tenant_id = $1 AND conversation_id = ANY ($2) AND last_activity_at < now() - interval '365 days'",
            tenant.TenantId, new[] { oldOnly.Id, mixedOld.Id }));

        using var swept = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/retention/sweep", fixture.OperatorKey);
        var result = await Webhooks.JsonAsync(swept);

        Assert.Equal(HttpStatusCode.OK, swept.StatusCode);
        // All four at once, so a failure shows every count (conversations, messages, orders, customers started).
        Assert.Equal((2, 2L, 1, 2), (result.GetProperty("conversations").GetInt32(), result.GetProperty("messages").GetInt64(),
            result.GetProperty("orders").GetInt32(), result.GetProperty("customers").GetInt32()));

        // The two customers left with nothing: one retention erasure request each, completed asynchronously.
        var requests = await PrivacyChecks.WaitForRetentionAsync(fixture, tenant.AdminKey, 2);
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.All(requests, r => Assert.Equal("erasure", r.GetProperty("kind").GetString()));

        // The old conversations: messages and index rows gone; the fresh ones readable.
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1 AND conversation_id = ANY ($2)", tenant.TenantId, new[] { oldOnly.Id, mixedOld.Id }));
        Assert.Equal(2L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenant.TenantId));
        foreach (var id in new[] { oldOnly.Id, mixedOld.Id })
        {
            using var gone = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + id, agentKey);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        foreach (var id in new[] { mixedFresh.Id, fresh.Id })
        {
            using var kept = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + id, agentKey);
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        // The old order: state row, tombstone and index row gone; the order inside its period readable.
        Assert.Equal(0L, await KeyRowsAsync(tenant.TenantId, oldOrder.OrderId));
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM order_index WHERE tenant_id = $1 AND order_id = $2", tenant.TenantId, oldOrder.OrderId));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => _shop.OrderAsync(tenant.TenantId, oldOrdered));
        Assert.Equal("Springfield", (await _shop.OrderAsync(tenant.TenantId, freshOrdered)).Snapshot!.ShippingAddress!.City);

        // The customers who held only old data: record (no tombstone) and subject key gone. The mixed one keeps the fresh.
        foreach (var customerRef in new[] { oldOnly.CustomerRef, oldOrder.CustomerRef! })
        {
            Assert.Equal(0L, await KeyRowsAsync(tenant.TenantId, customerRef));
            Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2", tenant.TenantId, customerRef));
        }

        var mixed = await _shop.CustomerAsync(tenant.TenantId, mixedFresh.CustomerRef);
        Assert.Equal(new[] { mixedFresh.Id }, mixed.ConversationIds);
        // Three rows gone (the order, the two customers); the two requests' own state rows added.
        Assert.Equal(before - 3 + 2, await StorageRowsAsync(tenant.TenantId));

        // One audit event, counts only: no id of anything it removed.
        var audit = Assert.Single(await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey), e => e.GetProperty("operation").GetString() == "retention.sweep");
        Assert.Equal("2", audit.GetProperty("details").GetProperty("conversations").GetString());
        Assert.Equal("1", audit.GetProperty("details").GetProperty("orders").GetString());
        var text = audit.GetRawText();
        foreach (var id in new[] { oldOnly.Id, mixedOld.Id, oldOnly.CustomerRef, oldOrder.OrderId, oldOrder.CustomerRef! })
        {
            Assert.DoesNotContain(id, text, StringComparison.Ordinal);
        }

        // The other tenant's equally old data is untouched.
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1 AND conversation_id = $2", other.TenantId, otherOld.Id));
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM order_index WHERE tenant_id = $1 AND order_id = $2", other.TenantId, otherOrderId));
        Assert.Equal(1L, await KeyRowsAsync(other.TenantId, otherOrderId));
    }

    [Fact]
    public async Task ARetentionErasureThatRunsBeforeItsSweepsDeleteLeavesThePageToTheSweepAndTheSweepStartsNoSecondRequest()
    {
        // The order a sweep of one page runs in, with the erasure request's work let through before the page's delete
        // (as a loaded machine may schedule it): the customer drops the expired conversation and holds nothing, its
        // retention erasure request runs to completion, and only then does the sweep come to delete the page.
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        var (conversationId, customerRef) = await ConversationAsync(tenant.TenantId, secret, "crm-raced", "m-raced-1");
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "WITH aged AS (UPDATE conversation_index SET last_activity_at = last_activity_at - interval '400 days' WHERE tenant_id = $1 AND conversation_id = $2 RETURNING 1) SELECT count(*) FROM aged",
            tenant.TenantId, conversationId));
        var retention = CallerContext.Privacy(tenant.TenantId, "retention");
        Assert.True(await ClusterFixture.AsAsync(retention, () => fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef).ExpireAsync([conversationId], [])));
        await ClusterFixture.AsAsync(retention, () => fixture.Grains.GetPrivacyRequestGrain(tenant.TenantId, GrainKeys.NewLocalId('p')).StartAsync(
            new PrivacyRequestStart(PrivacyRequestKind.Erasure, PrivacyRequestSource.Retention, [customerRef], [], OnlyIfEmpty: true)));
        Assert.Equal("completed", Assert.Single(await PrivacyChecks.WaitForRetentionAsync(fixture, tenant.AdminKey, 1)).GetProperty("status").GetString());

        // The record and its key are gone; the page is the sweep's to delete, so it is still there.
        Assert.Equal(0L, await KeyRowsAsync(tenant.TenantId, customerRef));
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = $2", tenant.TenantId, customerRef));
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM conversation_index WHERE tenant_id = $1 AND conversation_id = $2", tenant.TenantId, conversationId));

        // The sweep deletes and counts what it expired; the erased record is not a customer left with nothing again.
        using var swept = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/retention/sweep", fixture.OperatorKey);
        var result = await Webhooks.JsonAsync(swept);
        Assert.Equal(HttpStatusCode.OK, swept.StatusCode);
        Assert.Equal((1, 1L, 0), (result.GetProperty("conversations").GetInt32(), result.GetProperty("messages").GetInt64(), result.GetProperty("customers").GetInt32()));
        foreach (var table in new[] { "conversation_index", "omniops_messages" })
        {
            Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                $"SELECT count(*) FROM {table} WHERE tenant_id = $1 AND conversation_id = $2", tenant.TenantId, conversationId));
        }

        Assert.Single(await PrivacyChecks.WaitForRetentionAsync(fixture, tenant.AdminKey, 1));
        Assert.Equal(0L, await KeyRowsAsync(tenant.TenantId, customerRef));
    }

    [Fact]
    public async Task ASweepPurgesTheTenantsTombstonesOlderThanAWeekAndNoOtherTenants()
    {
        var (tenant, other) = (await fixture.CreateTenantAsync(), await fixture.CreateTenantAsync());
        await SeedTombstoneAsync(tenant.TenantId, "old", 8);
        await SeedTombstoneAsync(tenant.TenantId, "recent", 1);
        await SeedTombstoneAsync(other.TenantId, "old", 8);

        var result = await ClusterFixture.AsAsync(CallerContext.Operator("retention-test"), () => fixture.Grains.GetRetentionGrain(tenant.TenantId).SweepAsync());

        Assert.Equal(1, result.Tombstones);
        Assert.Equal(0L, await KeyRowsAsync(tenant.TenantId, "c-tomb-old"));
        Assert.Equal(1L, await KeyRowsAsync(tenant.TenantId, "c-tomb-recent"));
        Assert.Equal(1L, await KeyRowsAsync(other.TenantId, "c-tomb-old"));
    }

    [Fact]
    public async Task ASweepExpiresAuditEventsPastTheTenantsAuditLogPeriodThroughTheLogsOwnPathAndVerifyStillProvesTheRest()
    {
        // A log that began before the tenant's audit-log period: three events 3 days old, then the tenant's own.
        var tenantId = GrainKeys.NewTenantId();
        var services = fixture.Cluster.Silos[0].SiloHost.Services;
        var keys = services.GetRequiredService<AuditKeys>();
        var (hmacKey, chainKey) = (await keys.ForTenantAsync(tenantId), await keys.ChainKeyAsync(tenantId));
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= 3; i++)
        {
            var e = AuditChain.Seal(tenantId, i, DateTimeOffset.UtcNow.AddDays(-3).AddMinutes(i), CallerContext.System(tenantId, "seed"),
                new AuditEntry("test.old", AuditOutcomes.Success), previous, hmacKey, chainKey);
            await services.GetRequiredService<IAuditStore>().AppendAsync(e);
            previous = e.Hash;
        }

        var created = await ClusterFixture.AsAsync(CallerContext.Operator("retention-test"),
            () => fixture.Grains.GetTenantGrain(tenantId).CreateAsync(new TenantCreation("Old shop", "eu")));
        var admin = new CallerContext(tenantId, created.AdminKey.KeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        await ClusterFixture.AsAsync(admin, () => fixture.Grains.GetTenantGrain(tenantId)
            .UpdateSettingsAsync(new TenantSettingsPatch(null, null, TimeSpan.FromDays(2), null, null, null, null)));

        var result = await ClusterFixture.AsAsync(CallerContext.Operator("retention-test"), () => fixture.Grains.GetRetentionGrain(tenantId).SweepAsync());
        var verification = await ClusterFixture.AsAsync(admin, () => fixture.Grains.GetAuditLogGrain(tenantId).VerifyAsync());
        var remaining = await ClusterFixture.AsAsync(admin, () => fixture.Grains.GetAuditLogGrain(tenantId).ReadAsync(0, 500));

        Assert.Equal(3, result.AuditEvents);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(3, verification.Horizon!.Sequence);
        Assert.DoesNotContain(remaining, e => e.Operation == "test.old");
        Assert.Contains(remaining, e => e.Operation == "tenant.create");
        Assert.Contains(remaining, e => e.Operation == "audit.expire");
        var sweep = Assert.Single(remaining, e => e.Operation == "retention.sweep");
        Assert.Equal("3", JsonDocument.Parse(sweep.Details).RootElement.GetProperty("auditEvents").GetString());
    }

    [Fact]
    public async Task ANewTenantHasItsRetentionReminderAndATenantsAdminCannotRunTheSweep()
    {
        var tenant = await fixture.CreateTenantAsync();

        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%' || $1 AND remindername = 'retention-sweep' AND period = $2",
            tenant.TenantId, (long)TimeSpan.FromHours(1).TotalMilliseconds));
        using var asAdmin = await fixture.SendAsync(HttpMethod.Post, $"/ops/tenants/{tenant.TenantId}/retention/sweep", tenant.AdminKey);
        Assert.Contains(asAdmin.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        await Assert.ThrowsAnyAsync<Exception>(() => ClusterFixture.AsAsync(CallerContext.Privacy(tenant.TenantId, "not-an-operator"),
            () => fixture.Grains.GetRetentionGrain(tenant.TenantId).SweepAsync()));
    }

    private async Task<(string Id, string CustomerRef)> ConversationAsync(string tenantId, string secret, string customer, string messageId, string? conversationId = null)
    {
        using var response = await Webhooks.PostGenericAsync(fixture.Http, tenantId, secret, Webhooks.GenericBody(messageId, customer, "Hello from " + customer, conversationId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!;
        var customerRef = await ScalarTextAsync("SELECT customer_ref FROM conversation_index WHERE tenant_id = $1 AND conversation_id = $2", tenantId, id);
        return (id, customerRef);
    }

    private Task AgeOrderAsync(string tenantId, string orderId, int days) =>
        Sql.ExecuteAsync(fixture.SuperuserConnectionString,
            "UPDATE order_index SET updated_at = updated_at - make_interval(days => $3) WHERE tenant_id = $1 AND order_id = $2", tenantId, orderId, days);

    private Task SeedTombstoneAsync(string tenantId, string name, int daysAgo) =>
        Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
            INSERT INTO orleansstoragetombstone (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, version, deletedon)
            VALUES (1, 0, 0, 1, 'customer', $1, 'retention-test', 1, now() - make_interval(days => $2))
            """, $"{tenantId}/c-tomb-{name}", daysAgo);

    /// <summary>Grain state rows and tombstones under one grain key.</summary>
    private Task<long> KeyRowsAsync(string tenantId, string localId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT (SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1)
                 + (SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring = $1)
            """, $"{tenantId}/{localId}");

    /// <summary>Grain state rows and tombstones of the tenant's grains.</summary>
    private Task<long> StorageRowsAsync(string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, """
            SELECT (SELECT count(*) FROM orleansstorage WHERE starts_with(grainidextensionstring, $1))
                 + (SELECT count(*) FROM orleansstoragetombstone WHERE starts_with(grainidextensionstring, $1))
            """, tenantId + "/");

    private async Task<string> ScalarTextAsync(string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (string)(await command.ExecuteScalarAsync())!;
    }
}
