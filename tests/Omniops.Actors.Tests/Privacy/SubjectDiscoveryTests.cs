using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Subject discovery through the keyed blind indexes (migration 0017): one person reaching a tenant on three channels
/// is found by e-mail, phone or the merchant's own id in any spelling, by no other tenant, and the index holds no
/// plain value; rectification moves the index with the details; erasure takes the entries with the record.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SubjectDiscoveryTests(ClusterFixture fixture)
{
    private const string WhatsAppNumber = "15550137251";
    private const string ShopifyCustomerId = "7712045583361";

    [Fact]
    public async Task OnePersonOnThreeChannelsIsFoundByEmailPhoneAndExternalRefInAnySpellingAndByNoOtherTenant()
    {
        var (tenant, refs) = await OnePersonOnThreeChannelsAsync();
        var other = await fixture.CreateTenantAsync("Someone Else's Shop");

        var byEmail = await FindAsync(tenant.AdminKey, "email", "JAMIE.Rivera@example.com");
        var byPhone = await FindAsync(tenant.AdminKey, "phone", "+1 (555) 013-7251");
        var byCrm = await FindAsync(tenant.AdminKey, "externalRef", refs.CrmRef);
        var byShopifyId = await FindAsync(tenant.AdminKey, "externalRef", ShopifyCustomerId);

        Assert.Equal(new[] { refs.Generic, refs.Shopify }.Order(StringComparer.Ordinal), byEmail.Select(s => s.Ref));
        Assert.Equal(new[] { refs.Generic, refs.Shopify, refs.WhatsApp }.Order(StringComparer.Ordinal), byPhone.Select(s => s.Ref));
        Assert.Equal([refs.Generic], byCrm.Select(s => s.Ref));
        Assert.Equal([refs.Shopify], byShopifyId.Select(s => s.Ref));
        var shopify = Assert.Single(byEmail, s => s.Ref == refs.Shopify);
        Assert.Equal(("shopify", 0, 1, false), (shopify.Channel, shopify.Conversations, shopify.Orders, shopify.LegalHold));
        var generic = Assert.Single(byEmail, s => s.Ref == refs.Generic);
        Assert.Equal(("generic", 1, 0), (generic.Channel, generic.Conversations, generic.Orders));
        Assert.Equal("whatsapp", Assert.Single(byPhone, s => s.Ref == refs.WhatsApp).Channel);

        Assert.Empty(await FindAsync(other.AdminKey, "email", "jamie.rivera@example.com"));
        Assert.Empty(await FindAsync(other.AdminKey, "phone", "+" + WhatsAppNumber));
        Assert.Empty(await FindAsync(other.AdminKey, "externalRef", refs.CrmRef));

        // One row per record, with its channel (a message's record is written by its conversation before its contact).
        Assert.Equal(3L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_subjects WHERE tenant_id = $1 AND channel IN ('generic', 'shopify', 'whatsapp')", tenant.TenantId));
    }

    [Fact]
    public async Task TheSubjectIndexHoldsNoPlainEmailPhoneOrCustomerIdInAnyColumn()
    {
        var (tenant, refs) = await OnePersonOnThreeChannelsAsync();

        var rows = await RowsAsync(tenant.TenantId);

        Assert.True(rows.Lookups.Count >= 7, $"{rows.Lookups.Count} lookups");
        string[] planted = ["jamie", "example.com", "5550137251", "555-013", refs.CrmRef, ShopifyCustomerId];
        foreach (var value in planted)
        {
            Assert.DoesNotContain(rows.Text, t => t.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(rows.Lookups, d => d.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0);
        }
    }

    [Fact]
    public async Task ASearchIsAuditedWithTheValueOnlyAsAKeyedHash()
    {
        var (tenant, _) = await OnePersonOnThreeChannelsAsync();

        await FindAsync(tenant.AdminKey, "email", " Jamie.Rivera@Example.com ");

        var events = await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey);
        var search = Assert.Single(events, e => e.GetProperty("operation").GetString() == "privacy.subject.search");
        Assert.Equal("2", search.GetProperty("details").GetProperty("matches").GetString());
        Assert.DoesNotContain("jamie", search.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("value", search.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?email=")]
    [InlineData("?email=a%40example.com&phone=%2B15550137251")]
    [InlineData("?customerRef=u123")]
    public async Task ASearchWithoutExactlyOneValueIsABadRequest(string query)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/subjects" + query, tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ARequestByAnAddressNoRecordHoldsIsNotFoundAndStoresNothing()
    {
        var (tenant, _) = await OnePersonOnThreeChannelsAsync();

        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey,
            new { kind = "access", email = "nobody@example.com" });
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty((await Webhooks.JsonAsync(list)).EnumerateArray());
    }

    [Fact]
    public async Task ARectificationByEmailReplacesTheDetailsAndTheBlindIndexSoOnlyTheNewAddressFindsTheRecord()
    {
        var tenant = await GenericTenantAsync();
        var oldEmail = $"old-{Guid.NewGuid():N}@example.com";
        var newEmail = $"new-{Guid.NewGuid():N}@example.com";
        var customerRef = await PostGenericAsync(tenant, "crm-rect", oldEmail, phone: null);

        using var start = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey,
            new { kind = "rectification", email = " " + oldEmail.ToUpperInvariant(), changes = new { email = newEmail } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await CompletedAsync(tenant.AdminKey, (await Webhooks.JsonAsync(start)).GetProperty("requestId").GetString()!);

        using var customer = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
        Assert.Equal(newEmail, (await Webhooks.JsonAsync(customer)).GetProperty("contact").GetProperty("email").GetString());
        Assert.Empty(await FindAsync(tenant.AdminKey, "email", oldEmail));
        Assert.Equal([customerRef], (await FindAsync(tenant.AdminKey, "email", newEmail)).Select(s => s.Ref));
        Assert.Equal([customerRef], (await FindAsync(tenant.AdminKey, "externalRef", "crm-rect")).Select(s => s.Ref));
        var rectify = Assert.Single(await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey), e => e.GetProperty("operation").GetString() == "customer.rectify");
        Assert.Equal("email", rectify.GetProperty("details").GetProperty("fields").GetString());
        Assert.DoesNotContain("example.com", rectify.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErasureByEmailTakesEveryRecordsIndexEntriesWithIt()
    {
        var (tenant, _) = await OnePersonOnThreeChannelsAsync();

        using var start = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey,
            new { kind = "erasure", email = "jamie.rivera@example.com" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await CompletedAsync(tenant.AdminKey, (await Webhooks.JsonAsync(start)).GetProperty("requestId").GetString()!);

        Assert.Empty(await FindAsync(tenant.AdminKey, "email", "jamie.rivera@example.com"));
        // The WhatsApp record shares only the phone number: it was not named, so it stays, alone, in the index.
        Assert.Single(await FindAsync(tenant.AdminKey, "phone", "+" + WhatsAppNumber));
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_subjects WHERE tenant_id = $1", tenant.TenantId));
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(DISTINCT customer_ref) FROM omniops_subject_lookups WHERE tenant_id = $1", tenant.TenantId));
    }

    [Fact]
    public async Task WhenTheIndexCannotBeWrittenTheDeliveryFailsAndItsRedeliveryRecordsTheDetailsAndTheEntriesTogether()
    {
        var tenant = await GenericTenantAsync();
        var email = $"retry-{Guid.NewGuid():N}@example.com";
        var body = Webhooks.GenericBody("m-index-outage", "crm-index-outage", "Hello", name: "Robin", email: email);
        var trigger = "refuse_" + tenant.TenantId.ToLowerInvariant();
        // An outage of the lookup table for this tenant only (the cluster is shared).
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN IF NEW.tenant_id = '{tenant.TenantId}' THEN RAISE EXCEPTION 'index outage'; END IF; RETURN NEW; END $f$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON omniops_subject_lookups FOR EACH ROW EXECUTE FUNCTION {trigger}();
            """);
        HttpStatusCode failed;
        try
        {
            using var first = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, "discovery-generic-secret", body);
            failed = first.StatusCode;
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"DROP TRIGGER {trigger} ON omniops_subject_lookups; DROP FUNCTION {trigger}();");
        }

        using var again = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, "discovery-generic-secret", body);

        Assert.True((int)failed >= 500, $"{(int)failed}");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var found = Assert.Single(await FindAsync(tenant.AdminKey, "email", email));
        using var customer = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + found.Ref, tenant.AdminKey);
        Assert.Equal(email, (await Webhooks.JsonAsync(customer)).GetProperty("contact").GetProperty("email").GetString());
    }

    [Fact]
    public async Task ADeliveryRefusedForAnotherCustomersConversationLeavesNoIndexEntryOfTheIntruder()
    {
        var tenant = await GenericTenantAsync();
        await PostGenericAsync(tenant, "crm-owner", "owner@example.com", phone: null, thread: "ticket-1");

        using var intrusion = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, "discovery-generic-secret",
            Webhooks.GenericBody("m-intruder", "crm-intruder", "Give me her address", conversationId: "ticket-1", email: "mallory@example.com"));

        Assert.Equal(HttpStatusCode.BadRequest, intrusion.StatusCode);
        Assert.Empty(await FindAsync(tenant.AdminKey, "email", "mallory@example.com"));
        Assert.Empty(await FindAsync(tenant.AdminKey, "externalRef", "crm-intruder"));
        Assert.Single(await FindAsync(tenant.AdminKey, "email", "owner@example.com"));
    }

    /// <summary>
    /// One person: a generic webhook message (e-mail in capitals with spaces, phone in a national spelling), a Shopify
    /// order (the fixture's customer: the same e-mail and phone), a WhatsApp message from the same number.
    /// </summary>
    private async Task<(TenantCreatedResponse Tenant, (string Generic, string Shopify, string WhatsApp, string CrmRef) Refs)> OnePersonOnThreeChannelsAsync()
    {
        var tenant = await GenericTenantAsync();
        var crmRef = "crm-" + Guid.NewGuid().ToString("N")[..10];
        var generic = await PostGenericAsync(tenant, crmRef, "  Jamie.Rivera@EXAMPLE.com ", "+1 555 013 7251");

        var shopSecret = "shpss_" + Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "shopify", shopSecret);
        var (status, order) = await new ShopifyDeliveries(fixture).DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        Assert.Equal(HttpStatusCode.OK, status);
        var shopify = (await new ShopifyDeliveries(fixture).OrderAsync(tenant.TenantId, order)).CustomerRef!;

        var waSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", waSecret);
        using (var post = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, waSecret, Webhooks.Fixture("whatsapp-text.json")))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using var conversations = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", tenant.AdminKey);
        var whatsApp = (await Webhooks.JsonAsync(conversations)).GetProperty("conversations").EnumerateArray()
            .Single(c => c.GetProperty("channel").GetString() == "whatsapp").GetProperty("customerRef").GetString()!;
        return (tenant, (generic, shopify, whatsApp, crmRef));
    }

    private async Task<TenantCreatedResponse> GenericTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync("Trailhead Outfitters");
        using var connect = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, new { secret = "discovery-generic-secret" });
        connect.EnsureSuccessStatusCode();
        return tenant;
    }

    private async Task<string> PostGenericAsync(TenantCreatedResponse tenant, string crmRef, string email, string? phone, string? thread = null)
    {
        using var message = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, "discovery-generic-secret",
            Webhooks.GenericBody("m-" + Guid.NewGuid().ToString("N"), crmRef, "Where is my parcel?", thread, name: "Jamie Rivera", email: email, phone: phone));
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        return (await Webhooks.JsonAsync(read)).GetProperty("customerRef").GetString()!;
    }

    private async Task<IReadOnlyList<(string Ref, string Channel, int Conversations, int Orders, bool LegalHold)>> FindAsync(string key, string kind, string value)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/v1/subjects?{kind}={Uri.EscapeDataString(value)}", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await Webhooks.JsonAsync(response)).EnumerateArray().Select(s => (s.GetProperty("customerRef").GetString()!, s.GetProperty("channel").GetString()!,
            s.GetProperty("holds").GetProperty("conversations").GetInt32(), s.GetProperty("holds").GetProperty("orders").GetInt32(),
            s.GetProperty("holds").GetProperty("legalHold").GetBoolean()))];
    }

    private async Task CompletedAsync(string key, string requestId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, key);
            var status = (await Webhooks.JsonAsync(response)).GetProperty("status").GetString();
            if (status == "completed")
            {
                return;
            }

            Assert.True(status is "received" or "in-progress", $"The request is {status}.");
            await Task.Delay(100);
        }

        Assert.Fail("The request did not complete.");
    }

    /// <summary>Every row of the tenant in both index tables as text (a superuser sees through row-level security), and the digests.</summary>
    private async Task<(List<string> Text, List<byte[]> Lookups)> RowsAsync(string tenantId)
    {
        await using var connection = new NpgsqlConnection(fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        var text = new List<string>();
        var lookups = new List<byte[]>();
        await using (var command = new NpgsqlCommand("""
            SELECT row_to_json(l)::text, l.digest FROM omniops_subject_lookups l WHERE tenant_id = $1
            """, connection) { Parameters = { new() { Value = tenantId } } })
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                text.Add(reader.GetString(0));
                lookups.Add(reader.GetFieldValue<byte[]>(1));
            }
        }

        await using (var command = new NpgsqlCommand("SELECT row_to_json(s)::text FROM omniops_subjects s WHERE tenant_id = $1", connection) { Parameters = { new() { Value = tenantId } } })
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                text.Add(reader.GetString(0));
            }
        }

        return (text, lookups);
    }
}
