using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Omniops.Actors.Client.Web;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// A canary scan of the whole dashboard: distinct secrets and another tenant's personal data are planted, then every
/// routable page (found from the components' <see cref="RouteAttribute"/>s, so new pages are covered without naming
/// them) and every stylesheet or script it loads is fetched with a signed-in admin's session, and searched.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class CanaryScanTests(ClusterFixture fixture)
{
    [Fact]
    public async Task No_served_dashboard_page_or_payload_holds_a_planted_secret_a_key_hash_or_another_tenants_customer_data()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var a = await fixture.CreateTenantAsync("Canary A");
        var b = await fixture.CreateTenantAsync("Canary B");

        // Tenant A: its own conversation (a real id for the routes), integration secrets (one rotated), a new API key.
        var (aConversation, aCustomer) = await OperationsSeed.SeedConversationAsync(fixture, a.TenantId, a.AdminKey, "Is the blue one in stock?", "a-shopper@example.com");
        await OperationsSeed.ReplyAsync(fixture, a.AdminKey, aConversation, "It is.");
        var secrets = new List<string>();
        foreach (var (integration, body) in new (string, object)[]
                 {
                     ("crm", new { secret = Plant(secrets, "crm-first-" + suffix), allowedHosts = new[] { "crm.example.com" } }),
                     ("crm", new { secret = Plant(secrets, "crm-rotated-" + suffix), allowedHosts = new[] { "crm.example.com" } }),
                     ("whatsapp", new { secret = Plant(secrets, "whatsapp-app-" + suffix), accounts = new[] { "1234567" } }),
                 })
        {
            using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/" + integration, a.AdminKey, body);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var created = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", a.AdminKey, new { role = "agent", name = "Canary key" });
        var createdBody = await created.Content.ReadAsStringAsync();
        var issued = JsonDocument.Parse(createdBody).RootElement;
        var apiKey = Plant(secrets, issued.GetProperty("key").GetString()!);
        var keyId = issued.GetProperty("keyId").GetString()!;
        secrets.Add(apiKey.Split('.')[3]);
        secrets.AddRange(OperationsSeed.HashForms(apiKey));

        // Tenant B: a customer whose e-mail and message must never reach A's pages.
        var bEmail = $"canary-{suffix[..12]}@example.net";
        var bMessage = "Canary message " + suffix;
        var (bConversation, bCustomer) = await OperationsSeed.SeedConversationAsync(fixture, b.TenantId, b.AdminKey, bMessage, bEmail);
        secrets.Add(bEmail);
        secrets.Add(bMessage);

        // A privacy request in each tenant, for the request page's own id (and the other tenant's).
        // The customers' own refs (the webhook's customer id is the platform's, not the runtime's).
        aCustomer = await CustomerRefAsync(a.AdminKey, "a-shopper@example.com");
        bCustomer = await CustomerRefAsync(b.AdminKey, bEmail);
        var aRequest = await StartAccessRequestAsync(a.AdminKey, aCustomer);
        var bRequest = await StartAccessRequestAsync(b.AdminKey, bCustomer);

        using var admin = new MemberClient(fixture);
        var memberId = await admin.JoinAsync(a.TenantId, a.AdminKey, MemberClient.NewEmail("canary-admin"), "admin");

        // The detector itself finds a canary where one is (the key's creation answer holds the key).
        Assert.Contains(apiKey, Found(createdBody, secrets));

        var ownIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConversationId"] = aConversation, ["CustomerRef"] = aCustomer, ["Integration"] = "crm", ["MemberId"] = memberId, ["KeyId"] = keyId,
            ["RequestId"] = aRequest,
        };
        var otherIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConversationId"] = bConversation, ["CustomerRef"] = bCustomer, ["Integration"] = "generic",
            ["RequestId"] = bRequest,
        };

        var templates = RouteTemplates();
        Assert.Contains("/integrations/{Integration}", templates);
        Assert.Contains("/team/members/{MemberId}", templates);
        Assert.Contains("/inbox/{ConversationId}", templates);
        Assert.Contains("/privacy-settings/requests/{RequestId}", templates);
        var paths = templates.Select(t => Fill(t, ownIds)).Concat(templates.Where(t => t.Contains('{', StringComparison.Ordinal)).Select(t => Fill(t, otherIds)))
            .Append(AuditCheckpointDownload.Path).Append(DashboardAssets.StylePath).Distinct().ToList();

        var fetched = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var queue = new Queue<string>(paths);
        var pages = 0;
        while (queue.TryDequeue(out var path))
        {
            if (!fetched.Add(path))
            {
                continue;
            }

            using var response = await admin.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            pages++;
            foreach (var canary in Found(body, secrets))
            {
                failures.Add($"{path} ({(int)response.StatusCode}) holds a canary ({canary[..Math.Min(10, canary.Length)]}…)");
            }

            // Payloads: every stylesheet and script the page loads from this origin.
            foreach (Match asset in AssetReference().Matches(body))
            {
                var url = WebUtility.HtmlDecode(asset.Groups["url"].Value);
                if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
                {
                    queue.Enqueue(url);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(pages >= templates.Count + 2, $"only {pages} fetched");
    }

    /// <summary>Every route template of the gateway's routable Razor components.</summary>
    private static List<string> RouteTemplates() =>
    [
        .. typeof(Client.Web.Components.App).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The template with each parameter replaced by a real id of that name (a fresh unknown id for a name not listed).</summary>
    private static string Fill(string template, IReadOnlyDictionary<string, string> ids) =>
        RouteParameter().Replace(template, m => Uri.EscapeDataString(ids.TryGetValue(m.Groups["name"].Value, out var id) ? id : GrainKeys.NewLocalId('x')));

    private static List<string> Found(string body, IEnumerable<string> canaries) =>
        [.. canaries.Where(c => body.Contains(c, StringComparison.Ordinal) || body.Contains(WebUtility.HtmlEncode(c), StringComparison.Ordinal) ||
            body.Contains(Uri.EscapeDataString(c), StringComparison.Ordinal))];

    private static string Plant(List<string> canaries, string value)
    {
        canaries.Add(value);
        return value;
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::[^}?]*)?\??\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("""<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*["'](?<url>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();

    private async Task<string> CustomerRefAsync(string adminKey, string email)
    {
        using var found = await fixture.SendAsync(HttpMethod.Get, "/v1/subjects?email=" + Uri.EscapeDataString(email), adminKey);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var subjects = JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement;
        var list = subjects.ValueKind == JsonValueKind.Array ? subjects : subjects.GetProperty("subjects");
        return Assert.Single(list.EnumerateArray()).GetProperty("customerRef").GetString()!;
    }

    private async Task<string> StartAccessRequestAsync(string adminKey, string customerRef)
    {
        using var started = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", adminKey, new { kind = "access", customerRef });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("requestId").GetString()!;
    }
}
