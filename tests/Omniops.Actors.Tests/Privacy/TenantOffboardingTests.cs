using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Tenant offboarding: <c>DELETE /v1/tenant</c> (confirmed with the tenant id, cancellable during the cooling-off) or
/// Shopify's <c>shop/redact</c> erases everything the tenant owns, ending with its tenant key; the audit trail and the
/// request's signed receipt are all that is left, and another tenant is untouched.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantOffboardingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan CoolingOff = TimeSpan.Parse(OmniopsTestCluster.TenantDeletionCoolingOff, CultureInfo.InvariantCulture);

    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task DeletingTheTenantWithAConfirmationOtherThanItsIdIsABadRequestAndChangesNothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        var other = await fixture.CreateTenantAsync();

        using var wrong = await fixture.SendAsync(HttpMethod.Delete, "/v1/tenant", tenant.AdminKey, new { confirm = other.TenantId });
        using var missing = await fixture.SendAsync(HttpMethod.Delete, "/v1/tenant", tenant.AdminKey, new { confirm = "" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_privacy_requests WHERE tenant_id = ANY($1)", (object)new[] { tenant.TenantId, other.TenantId }));
        using var ops = await OperatorAsync(HttpMethod.Get, $"/ops/tenants/{tenant.TenantId}/deletion");
        Assert.Equal(HttpStatusCode.NotFound, ops.StatusCode);
        Assert.DoesNotContain(await AuditOperationsAsync(tenant.TenantId), o => o.StartsWith("tenant.deletion", StringComparison.Ordinal));
        using var still = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", other.AdminKey);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task ATenantDeletionCancelledDuringItsCoolingOffNeverRunsAndBothStepsAreAudited()
    {
        var tenant = await fixture.CreateTenantAsync();
        var before = DateTimeOffset.UtcNow;

        using var delete = await fixture.SendAsync(HttpMethod.Delete, "/v1/tenant", tenant.AdminKey, new { confirm = tenant.TenantId });
        var scheduled = await delete.Content.ReadFromJsonAsync<TenantDeletionResponse>();
        using var cancel = await fixture.SendAsync(HttpMethod.Post, "/v1/tenant/deletion/cancel", tenant.AdminKey);
        using var cancelAgain = await fixture.SendAsync(HttpMethod.Post, "/v1/tenant/deletion/cancel", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.InRange(scheduled!.ScheduledFor, before + CoolingOff - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + CoolingOff);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<TenantDeletionResponse>())!.Status);
        Assert.Equal(HttpStatusCode.Conflict, cancelAgain.StatusCode);

        await Task.Delay(CoolingOff + TimeSpan.FromSeconds(1));
        using var after = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("active", (await Webhooks.JsonAsync(after)).GetProperty("status").GetString()?.ToLowerInvariant());
        var operations = await AuditOperationsAsync(tenant.TenantId);
        Assert.Contains("tenant.deletion.schedule", operations);
        Assert.Contains("tenant.deletion.cancel", operations);
        Assert.Contains("privacy.request.cancel", operations);
        Assert.DoesNotContain("tenant.close", operations);
    }

    [Fact]
    public async Task OffboardingLeavesNothingOfTheTenantButItsAuditTrailAndSignedReceiptAndAnotherTenantIsUntouched()
    {
        var (tenant, shopSecret) = await _shop.ConnectedTenantAsync();
        var customerRef = await SeedAsync(tenant.TenantId, tenant.AdminKey, shopSecret);
        var other = await fixture.CreateTenantAsync();
        const string otherSecret = "other-tenant-generic-secret";
        await Webhooks.ConnectAsync(fixture, other.AdminKey, "generic", otherSecret);
        using (var message = await Webhooks.PostGenericAsync(fixture.Http, other.TenantId, otherSecret, Webhooks.GenericBody("o-1", "other-customer", "Other tenant's message")))
        {
            Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        }

        var otherRowsBefore = await TenantRowQueries.RowsAsync(fixture.SuperuserConnectionString, other.TenantId);

        using var delete = await fixture.SendAsync(HttpMethod.Delete, "/v1/tenant", tenant.AdminKey, new { confirm = tenant.TenantId });
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        var deletion = await CompletedDeletionAsync(tenant.TenantId);

        // The tenant is unknown: its key is refused, its webhooks and its resources are not found.
        using var signIn = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        using (var webhook = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, "tenant-generic-secret", Webhooks.GenericBody("m-9", customerRef, "After")))
        {
            Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
        }

        var (shopStatus, _) = await _shop.DeliverAsync(tenant.TenantId, shopSecret, "orders/create", ShopifyDeliveries.Created);
        Assert.Equal(HttpStatusCode.NotFound, shopStatus);

        // No row of any tenant table, no state row, tombstone, reminder or tenant key holds the tenant id, except the
        // audit events and the request's own state row (its receipt) — and the audit log grain's head and checkpoint.
        foreach (var (table, rows) in await TenantRowQueries.RowsAsync(fixture.SuperuserConnectionString, tenant.TenantId))
        {
            Assert.True(rows == 0 || table == "omniops_audit_events", $"{table} still holds {rows} rows of the tenant");
        }

        var requestKey = tenant.TenantId + "/" + deletion.GetProperty("request").GetProperty("requestId").GetString();
        var holders = await TenantRowQueries.HoldersAsync(fixture.SuperuserConnectionString, tenant.TenantId);
        Assert.All(holders, h => Assert.True(h.Key == requestKey || (h.Key == tenant.TenantId && h.Type.Contains("audit", StringComparison.OrdinalIgnoreCase)),
            $"{h.Table} {h.Type} {h.Key} still holds the tenant id"));
        Assert.Contains(holders, h => h.Key == requestKey);
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansreminderstable WHERE strpos(grainid, $1) > 0", tenant.TenantId));
        Assert.True(await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'tenant.erase'", tenant.TenantId) == 1);
        Assert.True(await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = 'ops' AND operation = 'tenant.erase' AND resource = $1", tenant.TenantId) == 1);
        Assert.True(await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND strpos(details, 'jamie@example.com') > 0", tenant.TenantId) == 0);

        // The receipt: counts per target kind and the destroyed tenant key, signed by the service.
        var receipt = deletion.GetProperty("receipt");
        var text = receipt.GetProperty("receipt").GetString()!;
        var document = JsonDocument.Parse(text).RootElement;
        Assert.Equal("tenant-erasure", document.GetProperty("kind").GetString());
        Assert.True(document.GetProperty("tenantKeyDestroyed").GetBoolean());
        Assert.Equal(2, document.GetProperty("erased").GetProperty("conversations").GetInt32());
        Assert.True(document.GetProperty("erased").GetProperty("messages").GetInt32() >= 2);
        Assert.True(document.GetProperty("erased").GetProperty("storageRows").GetInt32() >= 4);
        Assert.True(document.GetProperty("erased").GetProperty("tenantRows").GetInt32() >= 2);
        Assert.True(document.GetProperty("erased").GetProperty("reminders").GetInt32() >= 1);
        Assert.True(document.GetProperty("erased").GetProperty("tenantKeys").GetInt32() >= 1);
        await AssertSignedAsync(text, receipt.GetProperty("signature").GetString()!, receipt.GetProperty("keyId").GetString()!);

        // The other tenant: every row it had, and it still works.
        Assert.Equal(otherRowsBefore, await TenantRowQueries.RowsAsync(fixture.SuperuserConnectionString, other.TenantId));
        using var otherTenant = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", other.AdminKey);
        Assert.Equal(HttpStatusCode.OK, otherTenant.StatusCode);
        using var otherMessage = await Webhooks.PostGenericAsync(fixture.Http, other.TenantId, otherSecret, Webhooks.GenericBody("o-2", "other-customer", "Still here"));
        Assert.Equal(HttpStatusCode.Accepted, otherMessage.StatusCode);
    }

    [Fact]
    public async Task AShopRedactFromShopifySchedulesTheOffboardingAfterTheComplianceCoolingOffAndTheAdminCanCancelIt()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();

        var (status, result) = await _shop.DeliverAsync(tenant.TenantId, secret, "shop/redact", Webhooks.Fixture("shopify-shop-redact.json"));
        var effectiveAt = result.GetProperty("effectiveAt").GetDateTimeOffset();
        using var ops = await OperatorAsync(HttpMethod.Get, $"/ops/tenants/{tenant.TenantId}/deletion");
        var request = (await Webhooks.JsonAsync(ops)).GetProperty("request");
        using var stillWorks = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);
        using var cancel = await fixture.SendAsync(HttpMethod.Post, "/v1/tenant/deletion/cancel", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, ops.StatusCode);
        Assert.Equal("tenant-erasure", request.GetProperty("kind").GetString());
        Assert.Equal("platform", request.GetProperty("source").GetString());
        Assert.Equal("received", request.GetProperty("status").GetString());
        Assert.Equal(effectiveAt, request.GetProperty("notBefore").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Contains("tenant.deletion.schedule", await AuditOperationsAsync(tenant.TenantId));
    }

    /// <summary>Two conversations (generic and WhatsApp), a Shopify order with its refund, three credentials, privacy requests (one still open, with its reminder).</summary>
    private async Task<string> SeedAsync(string tenantId, string adminKey, string shopSecret)
    {
        await Webhooks.ConnectAsync(fixture, adminKey, "generic", "tenant-generic-secret");
        using var message = await Webhooks.PostGenericAsync(fixture.Http, tenantId, "tenant-generic-secret",
            Webhooks.GenericBody("m-1", "jamie-1", "Where is my parcel?", email: "jamie@example.com"));
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var conversation = (await Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        using var thread = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversation, adminKey);
        var customerRef = (await Webhooks.JsonAsync(thread)).GetProperty("customerRef").GetString()!;

        var whatsAppSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, adminKey, "whatsapp", whatsAppSecret);
        using var whatsApp = await Webhooks.PostWhatsAppAsync(fixture.Http, tenantId, whatsAppSecret, Webhooks.Fixture("whatsapp-text.json"));
        Assert.Equal(HttpStatusCode.OK, whatsApp.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _shop.DeliverAsync(tenantId, shopSecret, "orders/create", ShopifyDeliveries.Created)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _shop.DeliverAsync(tenantId, shopSecret, "refunds/create", ShopifyDeliveries.Refunded)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _shop.DeliverAsync(tenantId, shopSecret, "products/create", ShopifyProductWebhookTests.Product)).Status);
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_products WHERE tenant_id = $1", tenantId));
        Assert.Equal(HttpStatusCode.OK, (await _shop.DeliverAsync(tenantId, shopSecret, "customers/redact", Webhooks.Fixture("shopify-customers-redact.json"))).Status);
        using var access = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", adminKey, new { kind = "access", customerRef });
        Assert.Equal(HttpStatusCode.Accepted, access.StatusCode);

        Assert.Equal(2, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenantId));
        Assert.True(await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM orleansreminderstable WHERE strpos(grainid, $1) > 0", tenantId) >= 1);
        return customerRef;
    }

    /// <summary>Waits (a few seconds past the cooling-off) for the operator's view of the offboarding to say completed.</summary>
    private async Task<JsonElement> CompletedDeletionAsync(string tenantId)
    {
        var deadline = DateTimeOffset.UtcNow + CoolingOff + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await OperatorAsync(HttpMethod.Get, $"/ops/tenants/{tenantId}/deletion");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Webhooks.JsonAsync(response);
            if (body.GetProperty("request").GetProperty("status").GetString() == "completed")
            {
                return body;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The offboarding did not complete: " + body);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private Task<HttpResponseMessage> OperatorAsync(HttpMethod method, string path) => fixture.SendAsync(method, path, fixture.OperatorKey);

    private async Task<List<string>> AuditOperationsAsync(string tenantId)
    {
        var operations = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT operation FROM omniops_audit_events WHERE tenant_id = $1 ORDER BY seq", connection)
        {
            Parameters = { new Npgsql.NpgsqlParameter { Value = tenantId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            operations.Add(reader.GetString(0));
        }

        return operations;
    }

    /// <summary>The receipt verifies under the published key (ECDSA P-256, DER over SHA-256), and one changed byte does not.</summary>
    private async Task AssertSignedAsync(string receipt, string signature, string keyId)
    {
        using var pem = await fixture.Http.GetAsync($"/.well-known/omniops-receipt-keys/{keyId}.pem");
        Assert.Equal(HttpStatusCode.OK, pem.StatusCode);
        using var key = ECDsa.Create();
        key.ImportFromPem(await pem.Content.ReadAsStringAsync());
        var bytes = Encoding.UTF8.GetBytes(receipt);
        var der = Convert.FromBase64String(signature);
        Assert.True(key.VerifyData(bytes, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        bytes[^2] ^= 1;
        Assert.False(key.VerifyData(bytes, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }
}
