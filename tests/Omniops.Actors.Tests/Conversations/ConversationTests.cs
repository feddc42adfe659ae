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
