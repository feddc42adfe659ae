using System.Net;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Conversations;

/// <summary>Conversations as agents work them: order under concurrent delivery, replies, and tenant isolation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task MessagesKeepTheirOrderPerConversationUnderConcurrentDelivery()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        const int conversations = 8;
        const int perConversation = 20;

        // Eight customers write at once; each waits for one message's acknowledgement before sending the next.
        var ids = await Task.WhenAll(Enumerable.Range(0, conversations).Select(async c =>
        {
            string? conversationId = null;
            for (var i = 0; i < perConversation; i++)
            {
                using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                    Webhooks.GenericBody($"c{c}-m{i}", $"customer-{c}", $"message {i} of customer {c}"));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                conversationId = (await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString();
            }

            return conversationId!;
        }));

        for (var c = 0; c < conversations; c++)
        {
            var messages = await MessagesAsync(tenant.AdminKey, ids[c]);
            Assert.Equal(Enumerable.Range(0, perConversation).Select(i => $"message {i} of customer {c}"), messages.Select(m => m.GetProperty("text").GetString()));
            Assert.Equal(Enumerable.Range(1, perConversation).Select(i => (long)i), messages.Select(m => m.GetProperty("sequence").GetInt64()));
        }
    }

    [Fact]
    public async Task ConcurrentDeliveriesIntoOneConversationAreEachStoredOnceWithoutGaps()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        const int count = 40;

        // Every message is sent twice at the same time, as a platform retrying a slow acknowledgement would.
        var responses = await Task.WhenAll(Enumerable.Range(0, count * 2).Select(async i =>
        {
            using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                Webhooks.GenericBody($"burst-{i % count}", "one-customer", $"burst {i % count}", conversationId: "thread-1"));
            return (response.StatusCode, Body: await Webhooks.JsonAsync(response));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(count, responses.Count(r => !r.Body.GetProperty("duplicate").GetBoolean()));
        var messages = await MessagesAsync(tenant.AdminKey, responses[0].Body.GetProperty("conversationId").GetString()!);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), messages.Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Equal(count, messages.Select(m => m.GetProperty("text").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task AnAgentsReplyFollowsTheCustomersMessagesAndIsAudited()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("q-1", "cust", "Can I return boots?"));
        var conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString()!;

        using var reply = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/replies", agentKey, new { text = "Yes, within 30 days." });
        using var empty = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/replies", agentKey, new { text = " " });
        using var missing = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{GrainKeys.NewLocalId('c')}/replies", agentKey, new { text = "hello?" });
        var messages = await MessagesAsync(agentKey, conversationId);
        using var audit = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["customer", "agent"], messages.Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal("Yes, within 30 days.", messages[1].GetProperty("text").GetString());
        Assert.Matches("^k[a-z2-7]{20}$", messages[1].GetProperty("actorId").GetString()!);
        Assert.Contains("\"operation\":\"conversation.reply\"", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantBsAgentsCannotReadOrAnswerTenantAsConversations()
    {
        var (a, secret) = await ConnectedTenantAsync();
        var b = await fixture.CreateTenantAsync();
        var bAgent = await fixture.CreateKeyAsync(b.AdminKey, "agent");
        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, a.TenantId, secret, Webhooks.GenericBody("secret-1", "vip", "My address is 1 Private Road"));
        var conversationId = (await Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString()!;
        var missingId = GrainKeys.NewLocalId('c');

        foreach (var (method, suffix, body) in new (HttpMethod, string, object?)[] { (HttpMethod.Get, "", null), (HttpMethod.Post, "/replies", new { text = "hi" }) })
        {
            using var foreign = await fixture.SendAsync(method, $"/v1/conversations/{conversationId}{suffix}", bAgent, body);
            using var missing = await fixture.SendAsync(method, $"/v1/conversations/{missingId}{suffix}", bAgent, body);
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        }

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", bAgent);
        Assert.Equal(0, (await Webhooks.JsonAsync(list)).GetProperty("conversations").GetArrayLength());
        Assert.Single(await MessagesAsync(a.AdminKey, conversationId));
    }

    [Fact]
    public async Task TheConversationListPagesWithACursorAndShowsEveryConversationOnce()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var created = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            // Seven conversations of one customer, two of another; each message opens its own conversation.
            using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
                Webhooks.GenericBody($"page-{i}", i < 7 ? "crm-pager" : "crm-other", $"message {i}", conversationId: $"page-thread-{i}"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            created.Add((await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!);
        }

        var all = await WalkAsync(tenant.AdminKey, "/v1/conversations?limit=3");
        // The oldest conversation is the first customer's.
        var oneCustomer = await WalkAsync(tenant.AdminKey, "/v1/conversations?limit=3&customerRef=" + all.Pages[^1][^1].GetProperty("customerRef").GetString());

        // Nine conversations in pages of three: the third page is full and is the last (no next, no empty fourth page).
        Assert.Equal([3, 3, 3], all.Pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(created), all.Pages.SelectMany(p => p).Select(c => c.GetProperty("conversationId").GetString()!));
        Assert.Equal(3, all.Nexts.Count(n => n is not null) + 1);
        Assert.Equal([3, 3, 1], oneCustomer.Pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(created.Take(7)), oneCustomer.Pages.SelectMany(p => p).Select(c => c.GetProperty("conversationId").GetString()!));
    }

    [Fact]
    public async Task ConversationsEquallyRecentArePagedByIdWithoutLossOrRepeat()
    {
        var tenant = await fixture.CreateTenantAsync();
        var ids = Enumerable.Range(0, 7).Select(_ => GrainKeys.NewLocalId('c')).ToList();
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(123_450);
        foreach (var id in ids)
        {
            // Index rows only (no messages): the list reads nothing else.
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString,
                "INSERT INTO conversation_index (tenant_id, conversation_id, customer_ref, channel, created_at, last_activity_at) VALUES ($1, $2, 'utie', 'generic', $3, $3)",
                tenant.TenantId, id, at);
        }

        var walk = await WalkAsync(tenant.AdminKey, "/v1/conversations?limit=2");

        Assert.Equal([2, 2, 2, 1], walk.Pages.Select(p => p.Count));
        Assert.Equal(ids.Order(StringComparer.Ordinal), walk.Pages.SelectMany(p => p).Select(c => c.GetProperty("conversationId").GetString()!));
    }

    [Theory]
    [InlineData("cursor=not-a-cursor!")]
    [InlineData("cursor=")]
    [InlineData("cursor=bm90aGluZw")]
    [InlineData("cursor=MTIzLk5PVCBBTiBJRA")]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("customerRef=Not%20A%20Ref")]
    public async Task AMalformedListQueryIsRefused(string query)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations?" + query, tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Follows <c>next</c> from <paramref name="first"/> until a page has none.</summary>
    private async Task<(List<List<JsonElement>> Pages, List<string?> Nexts)> WalkAsync(string key, string first)
    {
        var pages = new List<List<JsonElement>>();
        var nexts = new List<string?>();
        var path = first;
        while (pages.Count < 20)
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Webhooks.JsonAsync(response);
            pages.Add([.. page.GetProperty("conversations").EnumerateArray()]);
            var next = page.TryGetProperty("next", out var n) ? n.GetString() : null;
            nexts.Add(next);
            if (next is null)
            {
                return (pages, nexts);
            }

            path = first + "&cursor=" + Uri.EscapeDataString(next);
        }

        throw new InvalidOperationException("The walk did not end.");
    }

    private async Task<(Client.Tenants.TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        return (tenant, secret);
    }

    private async Task<List<JsonElement>> MessagesAsync(string key, string conversationId)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/v1/conversations/{conversationId}?limit=500", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await Webhooks.JsonAsync(response)).GetProperty("messages").EnumerateArray()];
    }
}
