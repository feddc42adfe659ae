using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// Builds webhook deliveries exactly as each platform signs them (over the exact bytes sent) and posts them to the
/// gateway; connects a tenant's integrations through the admin API.
/// </summary>
public static class Webhooks
{
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>A fixture file's exact bytes.</summary>
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Channels", "Fixtures", name));

    /// <summary>The business number (<c>metadata.phone_number_id</c>) of the WhatsApp fixtures.</summary>
    public const string PhoneNumberId = "109876543210987";

    /// <summary>The shop of the Shopify fixtures (<c>X-Shopify-Shop-Domain</c>, <c>shop_domain</c>).</summary>
    public const string ShopDomain = "trailhead-outfitters-test.myshopify.com";

    /// <summary>The accounts a credential is connected with: the fixtures' for whatsapp and shopify, none for the rest.</summary>
    public static string[]? AccountsOf(string integration) => integration switch
    {
        "whatsapp" => [PhoneNumberId],
        "shopify" => [ShopDomain],
        _ => null,
    };

    /// <summary>Connects the integration with its secret and, for whatsapp and shopify, the fixtures' accounts unless others are given.</summary>
    public static async Task ConnectAsync(ClusterFixture fixture, string adminKey, string integration, string secret, string[]? accounts = null)
    {
        using var response = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/" + integration, adminKey, new { secret, accounts = accounts ?? AccountsOf(integration) });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A generic message body as DESIGN §5 defines it.</summary>
    public static byte[] GenericBody(string messageId, string customerRef, string text, string? conversationId = null, string? name = null, string? email = null, string? phone = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["messageId"] = messageId,
            ["conversationId"] = conversationId,
            ["customer"] = new Dictionary<string, object?> { ["ref"] = customerRef, ["name"] = name, ["email"] = email, ["phone"] = phone },
            ["text"] = text,
        });

    /// <summary>POSTs a generic webhook signed with <paramref name="secret"/> at <paramref name="timestamp"/> (default now).</summary>
    public static Task<HttpResponseMessage> PostGenericAsync(HttpClient http, string tenantId, string secret, byte[] body, long? timestamp = null, string contentType = "application/json")
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        return PostAsync(http, $"/webhooks/{tenantId}/generic", body, contentType, ("X-Omniops-Timestamp", ts), ("X-Omniops-Signature", GenericSignature(secret, ts, body)));
    }

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c>.</summary>
    public static string GenericSignature(string secret, string timestamp, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray()));

    /// <summary>POSTs a WhatsApp notification signed as Meta signs it: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c> over the raw body.</summary>
    public static Task<HttpResponseMessage> PostWhatsAppAsync(HttpClient http, string tenantId, string appSecret, byte[] body) =>
        PostAsync(http, $"/webhooks/{tenantId}/whatsapp", body, "application/json",
            ("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body))));

    /// <summary>POSTs a Shopify webhook signed as Shopify signs it: base64 HMAC-SHA256 of the raw body in <c>X-Shopify-Hmac-Sha256</c>.</summary>
    public static Task<HttpResponseMessage> PostShopifyAsync(HttpClient http, string tenantId, string secret, string topic, string webhookId, byte[] body, string shopDomain = ShopDomain) =>
        PostAsync(http, $"/webhooks/{tenantId}/shopify", body, "application/json",
            ("X-Shopify-Topic", topic),
            ("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body))),
            ("X-Shopify-Shop-Domain", shopDomain),
            ("X-Shopify-Webhook-Id", webhookId),
            ("X-Shopify-API-Version", "2026-10"),
            ("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] body, string contentType, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
