using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Http;

/// <summary>Input that overflows what the runtime can hold, or is not UTF-8, is a 400 problem document, never a 500.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InputOverflowTests(ClusterFixture fixture)
{
    private const string MaxDecimal = "79228162514264337593543950335";

    [Theory]
    [InlineData("{\"secret\":\"a-webhook-secret\",\"graceSeconds\":9223372036854775807}")]
    [InlineData("{\"secret\":\"a-webhook-secret\",\"graceSeconds\":-9223372036854775808}")]
    [InlineData("{\"secret\":\"a-webhook-secret\",\"allowedHosts\":[null]}")]
    public async Task ACredentialWhoseGraceOrHostsCannotBeHeldIsRefusedAndNothingIsStored(string body)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, ClusterFixture.RawJson(body));
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Theory]
    [InlineData("P10675200D")]
    [InlineData("P9999999Y")]
    public async Task ARetentionBeyondWhatADurationHoldsIsRefusedAndTheSettingsStay(string duration)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var before = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);

        using var patch = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, new { retention = new { conversations = duration } });
        using var after = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await before.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefundTransactionsWhoseSumOverflowsAreAnAuditedBadRequest()
    {
        var shopify = new ShopifyDeliveries(fixture);
        var (tenant, secret) = await shopify.ConnectedTenantAsync();
        var text = Encoding.UTF8.GetString(ShopifyDeliveries.Refunded).Replace("\"amount\": \"69.68\"", $"\"amount\": \"{MaxDecimal}\"", StringComparison.Ordinal);
        var transaction = text[text.IndexOf('{', text.IndexOf("\"transactions\": [", StringComparison.Ordinal))..];
        transaction = transaction[..(FindClosingBrace(transaction) + 1)];
        var twice = text.Replace(transaction, transaction + ",\n" + transaction.Replace("7301928374651", "7301928374652", StringComparison.Ordinal), StringComparison.Ordinal);

        var (status, _) = await shopify.DeliverAsync(tenant.TenantId, secret, "refunds/create", Encoding.UTF8.GetBytes(twice));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(("shopify", "malformed"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
    }

    [Fact]
    public async Task InvalidUtf8InsideAJsonStringIsAnAuditedBadRequestForShopifyAndWhatsApp()
    {
        var shopify = new ShopifyDeliveries(fixture);
        var (tenant, secret) = await shopify.ConnectedTenantAsync();
        var appSecret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", appSecret);

        var (shopStatus, _) = await shopify.DeliverAsync(tenant.TenantId, secret, "orders/create", WithInvalidUtf8(ShopifyDeliveries.Created, "Jamie"));
        using var whatsapp = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, appSecret, WithInvalidUtf8(Webhooks.Fixture("whatsapp-text.json"), "Jamie Rivera"));

        Assert.Equal(HttpStatusCode.BadRequest, shopStatus);
        Assert.Equal(HttpStatusCode.BadRequest, whatsapp.StatusCode);
        var rejections = await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey);
        Assert.Contains(("shopify", "malformed"), rejections);
        Assert.Contains(("whatsapp", "malformed"), rejections);
        Assert.Equal(0L, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }

    /// <summary>The body with the first <paramref name="inside"/> (inside a JSON string) replaced by bytes that are not UTF-8.</summary>
    private static byte[] WithInvalidUtf8(byte[] body, string inside)
    {
        var at = body.AsSpan().IndexOf(Encoding.ASCII.GetBytes(inside));
        Assert.True(at >= 0, $"The payload does not contain {inside}.");
        return [.. body.AsSpan(0, at), 0xC3, 0x28, 0xFF, .. body.AsSpan(at + inside.Length)];
    }

    private static int FindClosingBrace(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("Unbalanced braces.");
    }
}
