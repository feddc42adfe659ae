using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// The requests a flood sends, each new: well-formed API keys (<c>omk.{tenantId}.{keyId}.{43 base64url chars}</c>)
/// that no tenant issued — for a known tenant (a bad-key flood) or for random tenant ids (an unknown-tenant flood) —
/// and generic webhooks to random tenant ids, with a random <c>sha256=</c> signature over a small JSON body.
/// </summary>
public static class FloodRequests
{
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary><c>GET /v1/tenant</c> with a key of <paramref name="tenantId"/> that it never issued.</summary>
    public static HttpRequestMessage WrongKey(Uri gateway, string tenantId, Random random) =>
        TenantRead(gateway, Key(tenantId, random));

    /// <summary><c>GET /v1/tenant</c> with a key of a random tenant id that does not exist.</summary>
    public static HttpRequestMessage UnknownTenantKey(Uri gateway, Random random) =>
        TenantRead(gateway, Key(GrainKeys.NewTenantId(), random));

    /// <summary><c>POST /webhooks/{random tenant id}/generic</c>, signed with nothing anyone holds.</summary>
    public static HttpRequestMessage UnknownTenantWebhook(Uri gateway, Random random)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"messageId\":\"m{random.NextInt64().ToString(CultureInfo.InvariantCulture)}\",\"customer\":{{\"ref\":\"c1\"}},\"text\":\"hello\"}}");
        var signature = new byte[32];
        random.NextBytes(signature);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"/webhooks/{GrainKeys.NewTenantId()}/generic"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Omniops-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Omniops-Signature", "sha256=" + Convert.ToHexStringLower(signature));
        return request;
    }

    /// <summary><c>GET /v1/tenant</c> presenting <paramref name="key"/>.</summary>
    public static HttpRequestMessage TenantRead(Uri gateway, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/v1/tenant"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static string Key(string tenantId, Random random) =>
        $"omk.{tenantId}.{GrainKeys.NewLocalId('k')}.{Secret(random)}";

    private static string Secret(Random random) => string.Create(43, random, static (chars, r) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Base64Url[r.Next(Base64Url.Length)];
        }
    });
}
