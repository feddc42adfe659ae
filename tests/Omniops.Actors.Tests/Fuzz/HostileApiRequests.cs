using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// FsCheck generators of hostile JSON API requests over the mutating routes: a body no route accepts
/// (<see cref="HostileJson.NeverValidLast"/> of a valid seed: malformed, huge, deeply nested, invalid UTF-8, lone
/// surrogates, wrong types), sent with the tenant admin's key, an agent's key where the route admits agents, or none
/// for the anonymous routes; wrong content types and hostile headers (CR/LF injected, NUL, oversized) on a share.
/// </summary>
public static class HostileApiRequests
{
    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
        "application/json; charset=utf-16", "application/xml", "application/merge-patch+json", "*/*", "", "application/json\u0000", "json",
    ];

    private static readonly byte[][] Surrogates =
    [
        "{\"text\":\"\\ud800\"}"u8.ToArray(), "{\"\\udfff\":1}"u8.ToArray(), "{\"email\":\"a\\ud83d@example.com\",\"role\":\"agent\"}"u8.ToArray(),
        "{\"secret\":\"\\udc00\\ud800\"}"u8.ToArray(), "{\"kind\":\"erasure\",\"customerRef\":\"\\ud800x\"}"u8.ToArray(),
    ];

    /// <summary>One hostile request and the caller whose key it carries.</summary>
    public static Gen<(HostileRequest Request, ApiCaller Caller)> Request(ApiTargets t)
    {
        var routes = Routes(t);
        return from route in Gen.Elements(routes)
               from caller in Gen.Elements(route.Callers)
               let seeds = route.Seeds.Select(s => Encoding.UTF8.GetBytes(s)).ToArray()
               from body in Gen.Frequency((15, HostileJson.NeverValidLast(seeds)), (4, HostileJson.NeverValid(seeds)),
                   (1, Gen.Elements(Surrogates).Select(s => (byte[])[.. s[..^1], .. ",\"__fuzz\":1}"u8])))
               from contentType in Gen.Frequency((7, Gen.Constant<string?>("application/json")), (2, Gen.Elements(ContentTypes).Select(c => (string?)c)), (1, Gen.Constant<string?>(null)))
               from headers in Headers()
               select (new HostileRequest($"{route.Method} {route.Template} as {caller}", route.Method, route.Path, body, contentType, headers,
                   headers.Any(h => h.Item2.Any(char.IsControl)) || (contentType?.Any(char.IsControl) ?? false)), caller);
    }

    private static (string Method, string Template, string Path, ApiCaller[] Callers, string[] Seeds)[] Routes(ApiTargets t)
    {
        ApiCaller[] admin = [ApiCaller.Admin];
        ApiCaller[] staff = [ApiCaller.Admin, ApiCaller.Agent];
        ApiCaller[] anyone = [ApiCaller.Anonymous, ApiCaller.Agent];
        return
        [
            ("PATCH", "/v1/tenant/settings", "/v1/tenant/settings", admin,
                ["{\"retention\":{\"conversations\":\"P30D\",\"orders\":\"P365D\",\"auditLog\":\"P400D\"},\"ai\":{\"enabled\":false,\"autoSend\":false,\"trainingOptIn\":false,\"allowedRegions\":[\"eu\"]},\"actions\":{\"refundApprovalThreshold\":25}}"]),
            ("POST", "/v1/conversations/{id}/replies", $"/v1/conversations/{t.ConversationId}/replies", staff,
                ["{\"text\":\"Thanks, your parcel left the warehouse today.\"}"]),
            ("POST", "/v1/privacy/requests", "/v1/privacy/requests", admin,
                [$"{{\"kind\":\"rectification\",\"customerRef\":\"{t.CustomerRef}\",\"changes\":{{\"name\":\"Jamie R\",\"email\":\"jamie.r@example.com\",\"phone\":\"+15550137252\"}}}}",
                 "{\"kind\":\"erasure\",\"email\":\"jamie.rivera@example.com\"}"]),
            ("PUT", "/v1/credentials/generic", "/v1/credentials/generic", admin,
                ["{\"secret\":\"0123456789abcdef0123456789abcdef\",\"graceSeconds\":60,\"allowedHosts\":[\"203.0.113.7\"]}"]),
            ("PUT", "/v1/credentials/whatsapp", "/v1/credentials/whatsapp", admin,
                ["{\"secret\":\"0123456789abcdef0123456789abcdef\",\"accounts\":[\"1234567890\"]}"]),
            ("PUT", "/v1/credentials/shopify", "/v1/credentials/shopify", admin,
                ["{\"secret\":\"0123456789abcdef0123456789abcdef\",\"accounts\":[\"fuzz-shop.myshopify.com\"]}"]),
            ("POST", "/v1/members/invitations", "/v1/members/invitations", admin,
                ["{\"email\":\"new.agent@example.com\",\"role\":\"agent\"}"]),
            ("POST", "/auth/sign-in", "/auth/sign-in", anyone,
                [$"{{\"tenantId\":\"{t.TenantId}\",\"email\":\"owner@example.com\",\"password\":\"correct horse battery staple\",\"totp\":\"123456\"}}"]),
            ("POST", "/auth/invitations/accept", "/auth/invitations/accept", anyone,
                [$"{{\"token\":\"omi.{t.TenantId}.i0000000000000000000.4102444800.AAAA\",\"password\":\"correct horse battery staple\"}}"]),
            ("POST", "/v1/conversations/{id}/ai-drafts/{draftId}/approve", $"/v1/conversations/{t.ConversationId}/ai-drafts/d0000000000000000000/approve", staff,
                ["{\"text\":\"Your refund is on its way.\"}"]),
            ("POST", "/v1/actions/{id}/approve", $"/v1/actions/{t.ActionId}/approve", staff,
                ["{\"reason\":\"approved\"}"]),
        ];
    }

    /// <summary>Mostly none; else a CR/LF-injected, NUL-carrying, non-ASCII or oversized header.</summary>
    private static Gen<List<(string, string)>> Headers() =>
        Gen.Frequency(
            (14, Gen.Constant(new List<(string, string)>())),
            (1, Gen.Elements("x\r\nX-Tenant-Id: other", "x\rSet-Cookie: a=b", "x\r\n folded", "x\u0000y", "\u00e9\u00ff").Select(v => new List<(string, string)> { ("X-Request-Id", v) })),
            (1, Gen.Elements("Bearer x\r\nAuthorization: Bearer y", "Basic Zm9vOmJhcg==", "Bearer " + new string('k', 5000)).Select(v => new List<(string, string)> { ("X-Forwarded-For", v) })),
            (1, Gen.Choose(8, 80).Select(k => new List<(string, string)> { ("X-Padding", new string('p', k * 1024)) })));
}
