using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>
/// For every tenant-scoped route — every endpoint of the gateway whose policy asks for a tenant scope, taken from its
/// <see cref="EndpointDataSource"/>, so a new route without an entry in <see cref="Samples"/> fails here — tenant B's
/// key on tenant A's resource gets exactly what a missing resource gets, B's answers carry nothing of A, A is
/// unchanged, and nothing of A appears in B's audit log (nor of B in A's).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IsolationMatrixTests(ClusterFixture fixture)
{
    /// <summary>
    /// A sample request per tenant-scoped route: the path (<c>{id}</c>, <c>{integration}</c>, <c>{conversation}</c>,
    /// <c>{customer}</c>, <c>{order}</c> stand for a resource of tenant A, or a missing one), a body, and whether the
    /// route names a resource (foreign must answer like missing) or acts on the caller's own tenant.
    /// </summary>
    private static readonly Dictionary<string, (string Path, object? Body, bool NamesAResource)> Samples = new()
    {
        ["GET /v1/tenant"] = ("/v1/tenant", null, false),
        ["PATCH /v1/tenant/settings"] = ("/v1/tenant/settings", new { ai = new { enabled = true, trainingOptIn = true } }, false),
        ["GET /v1/api-keys"] = ("/v1/api-keys", null, false),
        ["POST /v1/api-keys"] = ("/v1/api-keys", new { role = "agent", name = "matrix" }, false),
        ["DELETE /v1/api-keys/{keyId}"] = ("/v1/api-keys/{id}", null, true),
        ["GET /v1/audit"] = ("/v1/audit", null, false),
        ["GET /v1/audit/verify"] = ("/v1/audit/verify", null, false),
        ["GET /v1/audit/checkpoint"] = ("/v1/audit/checkpoint", null, false),
        ["GET /v1/credentials"] = ("/v1/credentials", null, false),
        ["PUT /v1/credentials/{integration}"] = ("/v1/credentials/{integration}", new { secret = "tenant-b-own-secret" }, false),
        ["DELETE /v1/credentials/{integration}"] = ("/v1/credentials/{integration}", null, true),
        ["GET /v1/conversations"] = ("/v1/conversations", null, false),
        ["GET /v1/conversations/{conversationId}"] = ("/v1/conversations/{conversation}", null, true),
        ["POST /v1/conversations/{conversationId}/replies"] = ("/v1/conversations/{conversation}/replies", new { text = "matrix reply" }, true),
        ["GET /v1/customers/{customerRef}"] = ("/v1/customers/{customer}", null, true),
        ["GET /v1/orders/{orderId}"] = ("/v1/orders/{order}", null, true),
        ["POST /v1/privacy/requests"] = ("/v1/privacy/requests", new { kind = "access", customerRef = "{customer}" }, true),
        ["GET /v1/privacy/requests"] = ("/v1/privacy/requests", null, false),
        ["GET /v1/privacy/requests/{requestId}"] = ("/v1/privacy/requests/{request}", null, true),
        ["GET /v1/privacy/requests/{requestId}/receipt"] = ("/v1/privacy/requests/{request}/receipt", null, true),
        ["PUT /v1/subjects/{customerRef}/legal-hold"] = ("/v1/subjects/{customer}/legal-hold", new { reason = "matrix hold" }, true),
        ["DELETE /v1/subjects/{customerRef}/legal-hold"] = ("/v1/subjects/{customer}/legal-hold", null, true),
        ["GET /v1/tenant/data-map"] = ("/v1/tenant/data-map", null, false),
        // A's customer is named by its generic ref ("a-customer", below); B's key must find nothing of A by it.
        ["GET /v1/subjects"] = ("/v1/subjects?externalRef=a-customer", null, false),
        ["GET /v1/privacy/requests/{requestId}/export"] = ("/v1/privacy/requests/{request}/export", null, true),
        ["GET /v1/tenant/export"] = ("/v1/tenant/export", null, false),
        ["POST /v1/customers/{customerRef}/privacy-token"] = ("/v1/customers/{customer}/privacy-token", null, true),
        ["DELETE /v1/customers/{customerRef}/privacy-token"] = ("/v1/customers/{customer}/privacy-token", null, true),
        ["POST /v1/members/invitations"] = ("/v1/members/invitations", new { email = "matrix.member@example.com", role = "agent" }, false),
        ["GET /v1/members"] = ("/v1/members", null, false),
        ["DELETE /v1/members/{memberId}"] = ("/v1/members/{id}", null, true),
        ["POST /v1/members/{memberId}/sessions/revoke"] = ("/v1/members/{id}/sessions/revoke", null, true),
        ["GET /v1/actions"] = ("/v1/actions", null, false),
        ["GET /v1/actions/{actionId}"] = ("/v1/actions/{action}", null, true),
        ["POST /v1/actions/{actionId}/approve"] = ("/v1/actions/{action}/approve", null, true),
        ["POST /v1/actions/{actionId}/reject"] = ("/v1/actions/{action}/reject", null, true),
        ["POST /v1/conversations/{conversationId}/ai-drafts"] = ("/v1/conversations/{conversation}/ai-drafts", null, true),
        ["POST /v1/conversations/{conversationId}/ai-drafts/{draftId}/approve"] = ("/v1/conversations/{conversation}/ai-drafts/dmatrix/approve", new { text = "matrix approval" }, true),
        ["POST /v1/conversations/{conversationId}/ai-drafts/{draftId}/reject"] = ("/v1/conversations/{conversation}/ai-drafts/dmatrix/reject", null, true),
        ["POST /v1/conversations/{conversationId}/ai-drafts/{draftId}/regenerate"] = ("/v1/conversations/{conversation}/ai-drafts/dmatrix/regenerate", null, true),
        // B opted in to training use with the settings sample above; its improvement data must carry nothing of A.
        ["GET /v1/ai/improvement-data"] = ("/v1/ai/improvement-data", null, false),
    };

    /// <summary>
    /// Routes that act only on the caller's own tenant and name no resource, which tenant B aims at tenant A by the
    /// one thing it can give (A's id as the deletion's confirmation; a cancel of A's deletion): each is refused with
    /// the status it answers, and A is unchanged.
    /// </summary>
    private static readonly Dictionary<string, (string Path, bool ConfirmsTenantA, HttpStatusCode Refused)> OwnTenantOnly = new()
    {
        ["DELETE /v1/tenant"] = ("/v1/tenant", true, HttpStatusCode.BadRequest),
        ["POST /v1/tenant/deletion/cancel"] = ("/v1/tenant/deletion/cancel", false, HttpStatusCode.NotFound),
    };

    [Fact]
    public void EveryTenantScopedRouteHasASampleInTheMatrix()
    {
        var routes = TenantScopedRoutes();

        Assert.All(routes, route => Assert.True(Samples.ContainsKey(route) || OwnTenantOnly.ContainsKey(route), $"{route} is tenant-scoped but has no sample in the isolation matrix."));
        Assert.All(Samples.Keys.Concat(OwnTenantOnly.Keys), sample => Assert.True(routes.Contains(sample), $"The matrix names {sample}, which the gateway does not map."));
    }

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

        var shopSecret = "shpss_" + Channels.Webhooks.NewSecret();
        await Channels.Webhooks.ConnectAsync(fixture, a.AdminKey, "shopify", shopSecret);
        var (orderStatus, order) = await new Channels.ShopifyDeliveries(fixture).DeliverAsync(a.TenantId, shopSecret, "orders/create", Channels.ShopifyDeliveries.Created);
        Assert.Equal(HttpStatusCode.OK, orderStatus);
        var aOrder = order.GetProperty("orderId").GetString()!;
        string aRequest;
        using (var started = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", a.AdminKey, new { kind = "access", customerRef = aCustomer }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            aRequest = (await Channels.Webhooks.JsonAsync(started)).GetProperty("requestId").GetString()!;
        }

        // A's proposed refund (as the AI tools record one), to be aimed at by B's key.
        var aOrderOwner = await ClusterFixture.AsAsync(Channels.WebhookChecks.Agent(a.TenantId), () => fixture.Grains.GetOrderGrain(a.TenantId, aOrder).GetAsync());
        var aAction = GrainKeys.NewLocalId('a');
        await ClusterFixture.AsAsync(Channels.WebhookChecks.Agent(a.TenantId), () => fixture.Grains.GetActionGrain(a.TenantId, aAction).ProposeAsync(
            new GrainInterfaces.Actions.ActionProposal(GrainInterfaces.Actions.ActionKinds.Refund, aConversation, aOrderOwner.CustomerRef!, aOrder, 1m, "USD")));

        using var before = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", a.AdminKey);
        var aBefore = await before.Content.ReadAsStringAsync();
        var routes = TenantScopedRoutes();

        var missingIds = (Key: GrainKeys.NewLocalId('k'), Conversation: GrainKeys.NewLocalId('c'), Customer: GrainKeys.NewLocalId('u'),
            Order: GrainKeys.NewLocalId('o'), Request: GrainKeys.NewLocalId('p'));
        foreach (var (route, (path, body, namesAResource)) in Samples.Where(s => s.Value.NamesAResource && routes.Contains(s.Key)))
        {
            var method = new HttpMethod(route.Split(' ')[0]);
            string ForeignOf(string text) => Resolve(text, a.AdminKeyId, "generic", aConversation, aCustomer, aOrder, aRequest).Replace("{action}", aAction, StringComparison.Ordinal);
            string MissingOf(string text) => Resolve(text, missingIds.Key, "never-connected", missingIds.Conversation, missingIds.Customer, missingIds.Order, missingIds.Request)
                .Replace("{action}", GrainKeys.NewLocalId('a'), StringComparison.Ordinal);
            using var foreign = await fixture.SendAsync(method, ForeignOf(path), b.AdminKey, ResolveBody(body, ForeignOf));
            using var missing = await fixture.SendAsync(method, MissingOf(path), b.AdminKey, ResolveBody(body, MissingOf));

            Assert.True(HttpStatusCode.NotFound == foreign.StatusCode, $"{route}: {(int)foreign.StatusCode}");
            Assert.Equal(missing.StatusCode, foreign.StatusCode);
            Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        }

        foreach (var (route, (path, body, _)) in Samples.Where(s => !s.Value.NamesAResource && routes.Contains(s.Key)))
        {
            var method = new HttpMethod(route.Split(' ')[0]);
            using var response = await fixture.SendAsync(method, Resolve(path, a.AdminKeyId, "generic", aConversation, aCustomer, aOrder, aRequest), b.AdminKey, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode}");
            AssertNothingOf(a, text, route);
            Assert.DoesNotContain("Outfitters", text, StringComparison.Ordinal);
        }

        foreach (var (route, (path, confirmsA, refused)) in OwnTenantOnly.Where(s => routes.Contains(s.Key)))
        {
            using var response = await fixture.SendAsync(new HttpMethod(route.Split(' ')[0]), path, b.AdminKey, confirmsA ? new { confirm = a.TenantId } : null);
            Assert.True(refused == response.StatusCode, $"{route}: {(int)response.StatusCode}");
            AssertNothingOf(a, await response.Content.ReadAsStringAsync(), route);
        }

        // Subject discovery: A's key finds A's customer by its ref; B's key, asking the same, finds nothing.
        using (var aFinds = await fixture.SendAsync(HttpMethod.Get, "/v1/subjects?externalRef=a-customer", a.AdminKey))
        using (var bFinds = await fixture.SendAsync(HttpMethod.Get, "/v1/subjects?externalRef=a-customer", b.AdminKey))
        {
            Assert.Equal(aCustomer, Assert.Single((await aFinds.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()).GetProperty("customerRef").GetString());
            Assert.Empty((await bFinds.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        }

        using var after = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", a.AdminKey);
        using var aKeys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", a.AdminKey);
        using var aCredentials = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", a.AdminKey);
        Assert.Equal(aBefore, await after.Content.ReadAsStringAsync());
        Assert.Single((await aKeys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(2, (await aCredentials.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        using (var stillSigned = await Channels.Webhooks.PostGenericAsync(fixture.Http, a.TenantId, "tenant-a-webhook-secret",
            Channels.Webhooks.GenericBody("matrix-2", "a-customer", "A's secret still verifies")))
        {
            Assert.Equal(HttpStatusCode.Accepted, stillSigned.StatusCode);
        }

        using var aThread = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + aConversation, a.AdminKey);
        Assert.Equal(2, (await aThread.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").GetArrayLength());

        await fixture.DrainRejectionAuditAsync();
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

    /// <summary>"METHOD pattern" of every gateway endpoint whose policy asks for a tenant scope.</summary>
    private HashSet<string> TenantScopedRoutes() =>
    [
        .. fixture.GatewayServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy?.StartsWith(Policies.Scope(string.Empty), StringComparison.Ordinal) == true))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Pattern(e)}")),
    ];

    private static string Resolve(string path, string id, string integration, string conversation, string customer, string order, string request) =>
        path.Replace("{id}", id, StringComparison.Ordinal).Replace("{integration}", integration, StringComparison.Ordinal)
            .Replace("{conversation}", conversation, StringComparison.Ordinal).Replace("{customer}", customer, StringComparison.Ordinal)
            .Replace("{order}", order, StringComparison.Ordinal).Replace("{request}", request, StringComparison.Ordinal);

    /// <summary>A sample body with its placeholders resolved like the path's (a body may name a resource too).</summary>
    private static JsonElement? ResolveBody(object? body, Func<string, string> resolve) =>
        body is null ? null : JsonSerializer.Deserialize<JsonElement>(resolve(JsonSerializer.Serialize(body)));

    private static void AssertNothingOf(TenantCreatedResponse tenant, string text, string where)
    {
        Assert.False(text.Contains(tenant.TenantId, StringComparison.Ordinal), $"{where} shows the other tenant's id");
        Assert.False(text.Contains(tenant.AdminKeyId, StringComparison.Ordinal), $"{where} shows the other tenant's key id");
        Assert.False(text.Contains(tenant.AdminKey.Split('.')[3], StringComparison.Ordinal), $"{where} shows the other tenant's key");
    }

    /// <summary>The route pattern as a reader writes it (a group's root route has a trailing slash in its raw text).</summary>
    private static string Pattern(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
}
