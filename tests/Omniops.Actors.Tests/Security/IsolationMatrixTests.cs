using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>
/// For every tenant-scoped route: tenant B's key on tenant A's resource gets exactly what a missing resource gets,
/// B's answers carry nothing of A, A is unchanged, and nothing of A appears in B's audit log (nor of B in A's).
/// Later features add their routes to <see cref="Routes"/>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IsolationMatrixTests(ClusterFixture fixture)
{
    /// <summary>Every tenant-scoped route: method, path (<c>{id}</c> is a resource of the tenant), body.</summary>
    private static readonly (HttpMethod Method, string Path, object? Body)[] Routes =
    [
        (HttpMethod.Get, "/v1/tenant", null),
        (HttpMethod.Patch, "/v1/tenant/settings", new { ai = new { enabled = true } }),
        (HttpMethod.Get, "/v1/api-keys", null),
        (HttpMethod.Post, "/v1/api-keys", new { role = "agent", name = "matrix" }),
        (HttpMethod.Delete, "/v1/api-keys/{id}", null),
        (HttpMethod.Get, "/v1/audit", null),
        (HttpMethod.Get, "/v1/audit/verify", null),
        (HttpMethod.Get, "/v1/credentials", null),
        (HttpMethod.Delete, "/v1/credentials/{integration}", null),
        (HttpMethod.Get, "/v1/conversations", null),
        (HttpMethod.Get, "/v1/conversations/{conversation}", null),
        (HttpMethod.Post, "/v1/conversations/{conversation}/replies", new { text = "matrix reply" }),
        (HttpMethod.Get, "/v1/customers/{customer}", null),
    ];

    [Fact]
    public async Task AForeignTenantsResourceAnswersExactlyLikeAMissingOne()
    {
        var a = await fixture.CreateTenantAsync("Tenant A Outfitters");
        var b = await fixture.CreateTenantAsync("Tenant B Traders");
        using (var connect = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", a.AdminKey, new { secret = "tenant-a-webhook-secret" }))
        {
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        }

        string aConversation;
        using (var message = await Channels.Webhooks.PostGenericAsync(fixture.Http, a.TenantId, "tenant-a-webhook-secret",
            Channels.Webhooks.GenericBody("matrix-1", "a-customer", "Outfitters customer message")))
        {
            Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
            aConversation = (await Channels.Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        }

        string aCustomer;
        using (var thread = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + aConversation, a.AdminKey))
        {
            aCustomer = (await Channels.Webhooks.JsonAsync(thread)).GetProperty("customerRef").GetString()!;
        }

        using var before = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", a.AdminKey);
        var aBefore = await before.Content.ReadAsStringAsync();

        foreach (var (method, path, body) in Routes.Where(r => r.Path.Contains('{', StringComparison.Ordinal)))
        {
            using var foreign = await fixture.SendAsync(method, Resolve(path, a.AdminKeyId, "generic", aConversation, aCustomer), b.AdminKey, body);
            using var missing = await fixture.SendAsync(method, Resolve(path, GrainKeys.NewLocalId('k'), "never-connected", GrainKeys.NewLocalId('c'), GrainKeys.NewLocalId('u')), b.AdminKey, body);

            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal(missing.StatusCode, foreign.StatusCode);
            Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        }

        foreach (var (method, path, body) in Routes.Where(r => !r.Path.Contains('{', StringComparison.Ordinal)))
        {
            using var response = await fixture.SendAsync(method, path, b.AdminKey, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
            AssertNothingOf(a, text, $"{method} {path}");
            Assert.DoesNotContain("Outfitters", text, StringComparison.Ordinal);
        }

        using var after = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", a.AdminKey);
        using var aKeys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", a.AdminKey);
        using var aCredentials = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", a.AdminKey);
        Assert.Equal(aBefore, await after.Content.ReadAsStringAsync());
        Assert.Single((await aKeys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Single((await aCredentials.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        using var aThread = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + aConversation, a.AdminKey);
        Assert.Single((await aThread.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray());

        using var bLog = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", b.AdminKey);
        using var aLog = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", a.AdminKey);
        var bLogText = await bLog.Content.ReadAsStringAsync();
        AssertNothingOf(a, bLogText, "B's audit log");
        Assert.DoesNotContain("Outfitters", bLogText, StringComparison.Ordinal);
        AssertNothingOf(b, await aLog.Content.ReadAsStringAsync(), "A's audit log");
    }

    [Fact]
    public async Task AKeyRelabelledWithAnotherTenantsIdIsRejectedLikeGarbage()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        var parts = b.AdminKey.Split('.');
        var relabelled = string.Join('.', parts[0], a.TenantId, parts[2], parts[3]);

        using var forged = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", relabelled);
        using var garbage = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", "not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(await garbage.Content.ReadAsStringAsync(), await forged.Content.ReadAsStringAsync());
    }

    private static string Resolve(string path, string id, string integration, string conversation, string customer) =>
        path.Replace("{id}", id, StringComparison.Ordinal).Replace("{integration}", integration, StringComparison.Ordinal)
            .Replace("{conversation}", conversation, StringComparison.Ordinal).Replace("{customer}", customer, StringComparison.Ordinal);

    private static void AssertNothingOf(TenantCreatedResponse tenant, string text, string where)
    {
        Assert.False(text.Contains(tenant.TenantId, StringComparison.Ordinal), $"{where} shows the other tenant's id");
        Assert.False(text.Contains(tenant.AdminKeyId, StringComparison.Ordinal), $"{where} shows the other tenant's key id");
        Assert.False(text.Contains(tenant.AdminKey.Split('.')[3], StringComparison.Ordinal), $"{where} shows the other tenant's key");
    }
}
