using System.Net;
using System.Text;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>The generic channel: the project's own signed format, on real HTTP and real PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GenericWebhookTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ASignedMessageIsStoredAndAnAgentReadsItDecrypted()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var body = Webhooks.GenericBody("m-1001", "crm-77", "Where is my order #1042?", name: "Jamie Rivera", email: "jamie.rivera@example.com");

        using var delivered = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body);
        var ack = await Webhooks.JsonAsync(delivered);
        var conversationId = ack.GetProperty("conversationId").GetString()!;
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations", agentKey);
        var summary = (await Webhooks.JsonAsync(list)).GetProperty("conversations")[0];
        using var byCustomer = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations?customerRef=" + summary.GetProperty("customerRef").GetString(), agentKey);
        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, agentKey);
        var conversation = await Webhooks.JsonAsync(read);
        var message = conversation.GetProperty("messages")[0];

        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        Assert.False(ack.GetProperty("duplicate").GetBoolean());
        Assert.Matches("^c[a-z2-7]{26}$", conversationId);
        Assert.Equal(conversationId, summary.GetProperty("conversationId").GetString());
        Assert.Equal("generic", summary.GetProperty("channel").GetString());
        Assert.Matches("^u[a-z2-7]{26}$", summary.GetProperty("customerRef").GetString()!);
        Assert.Equal(1, (await Webhooks.JsonAsync(byCustomer)).GetProperty("conversations").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Where is my order #1042?", message.GetProperty("text").GetString());
        Assert.Equal("customer", message.GetProperty("kind").GetString());
        Assert.Equal(1, message.GetProperty("sequence").GetInt64());
        Assert.Equal(ack.GetProperty("messageId").GetString(), message.GetProperty("messageId").GetString());
        Assert.False(message.GetProperty("aiGenerated").GetBoolean());
    }

    [Fact]
    public async Task ARedeliveredMessageIsAcknowledgedAndStoredOnce()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var body = Webhooks.GenericBody("m-redelivered", "crm-1", "Hello again");

        using var first = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body);
        using var second = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var (a, b) = (await Webhooks.JsonAsync(first), await Webhooks.JsonAsync(second));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.False(a.GetProperty("duplicate").GetBoolean());
        Assert.True(b.GetProperty("duplicate").GetBoolean());
        Assert.Equal(a.GetProperty("messageId").GetString(), b.GetProperty("messageId").GetString());
        Assert.Equal(a.GetProperty("conversationId").GetString(), b.GetProperty("conversationId").GetString());
        Assert.Equal(1L, await MessageCountAsync(tenant.TenantId));
    }

    [Fact]
    public async Task TamperedBodiesWrongSecretsAndMissingSignaturesAreRejectedAuditedAndStoreNothing()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var body = Webhooks.GenericBody("m-tamper", "crm-2", "Refund me 10 EUR");
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("10 EUR", "99 EUR", StringComparison.Ordinal));
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signedOriginal = Webhooks.GenericSignature(secret, ts, body);

        using var tamperedResponse = await Webhooks.PostAsync(fixture.Http, $"/webhooks/{tenant.TenantId}/generic", tampered, "application/json",
            ("X-Omniops-Timestamp", ts), ("X-Omniops-Signature", signedOriginal));
        using var wrongSecret = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, Webhooks.NewSecret(), body);
        using var unsigned = await Webhooks.PostAsync(fixture.Http, $"/webhooks/{tenant.TenantId}/generic", body, "application/json", ("X-Omniops-Timestamp", ts));
        using var movedTimestamp = await Webhooks.PostAsync(fixture.Http, $"/webhooks/{tenant.TenantId}/generic", body, "application/json",
            ("X-Omniops-Timestamp", (long.Parse(ts, System.Globalization.CultureInfo.InvariantCulture) + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("X-Omniops-Signature", signedOriginal));

        foreach (var response in new[] { tamperedResponse, wrongSecret, unsigned, movedTimestamp })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0L, await MessageCountAsync(tenant.TenantId));
        var audit = await AuditTextAsync(tenant.AdminKey);
        Assert.Equal(4, CountOccurrences(audit, "\"reason\":\"bad-signature\""));
        Assert.DoesNotContain("99 EUR", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeliveryOutsideTheReplayWindowIsRejectedEvenWhenCorrectlySigned()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var stale = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("m-old", "crm-3", "old"), now - 301);
        using var future = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("m-future", "crm-3", "future"), now + 400);
        using var fresh = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, Webhooks.GenericBody("m-fresh", "crm-3", "fresh"), now - 200);

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
        Assert.Contains("replay", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        Assert.Equal(1L, await MessageCountAsync(tenant.TenantId));
        Assert.Equal(2, CountOccurrences(await AuditTextAsync(tenant.AdminKey), "\"reason\":\"outside-replay-window\""));
    }

    [Fact]
    public async Task AnUnknownTenantAndAnUnconnectedOrDisconnectedIntegrationAnswerTheSame404()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var unconnected = await fixture.CreateTenantAsync();
        var body = Webhooks.GenericBody("m-404", "crm-4", "anyone there?");

        using var unknown = await Webhooks.PostGenericAsync(fixture.Http, GrainKeys.NewTenantId(), secret, body);
        using var notConnected = await Webhooks.PostGenericAsync(fixture.Http, unconnected.TenantId, secret, body);
        using (var delete = await fixture.SendAsync(HttpMethod.Delete, "/v1/credentials/generic", tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var disconnected = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body);
        using var badId = await Webhooks.PostGenericAsync(fixture.Http, "NOT..a..tenant", secret, body);

        var expected = await unknown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in new[] { notConnected, disconnected, badId })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(0L, await MessageCountAsync(tenant.TenantId) + await MessageCountAsync(unconnected.TenantId));
    }

    [Fact]
    public async Task MalformedAndOversizedBodiesGetProblemDocumentsAndChangeNothing()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var cases = new (byte[] Body, string ContentType, HttpStatusCode Status)[]
        {
            ("{\"messageId\": \"m\", "u8.ToArray(), "application/json", HttpStatusCode.BadRequest),
            ("{\"messageId\":\"m\",\"customer\":{\"ref\":\"c\"}}"u8.ToArray(), "application/json", HttpStatusCode.BadRequest),
            ("{\"messageId\":\"m\",\"customer\":{\"ref\":\"c\"},\"text\":\"t\",\"extra\":1}"u8.ToArray(), "application/json", HttpStatusCode.BadRequest),
            ("{\"messageId\":\"m\",\"customer\":{\"ref\":\"c\"},\"text\":7}"u8.ToArray(), "application/json", HttpStatusCode.BadRequest),
            // A member named twice: which one counts would depend on the parser, so neither does.
            ("{\"messageId\":\"m\",\"customer\":{\"ref\":\"c\"},\"text\":\"t\",\"text\":\"u\"}"u8.ToArray(), "application/json", HttpStatusCode.BadRequest),
            ("{\"messageId\":\"m\",\"customer\":{\"ref\":\"c\",\"ref\":\"d\"},\"text\":\"t\"}"u8.ToArray(), "application/json", HttpStatusCode.BadRequest),
            (Webhooks.GenericBody("m-text", "crm-5", "plain"), "text/plain", HttpStatusCode.BadRequest),
            (Webhooks.GenericBody(new string('x', 300), "crm-5", "id too long"), "application/json", HttpStatusCode.BadRequest),
            (Webhooks.GenericBody("m-huge", "crm-5", new string('y', 2 * 1024 * 1024)), "application/json", HttpStatusCode.RequestEntityTooLarge),
        };

        foreach (var (body, contentType, status) in cases)
        {
            using var response = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body, contentType: contentType);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0L, await MessageCountAsync(tenant.TenantId));
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1", tenant.TenantId));
        Assert.True(CountOccurrences(await AuditTextAsync(tenant.AdminKey), "\"operation\":\"webhook.reject\"") >= 8);
    }

    [Fact]
    public async Task AnOversizedDeliveryFromAPlatformThatDoesNotWaitForContinueGetsThe413OnAKeptConnection()
    {
        var (tenant, secret) = await ConnectedTenantAsync();
        var huge = Webhooks.GenericBody("m-huge", "crm-6", new string('z', 3 * 1024 * 1024));
        using var client = new ConnectionCountingClient(fixture.Http.BaseAddress!);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await Webhooks.PostGenericAsync(client.Http, tenant.TenantId, secret, huge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        Assert.Equal(1, client.Connections);
        Assert.Equal(0L, await MessageCountAsync(tenant.TenantId));
    }

    [Fact]
    public async Task ATenantOverItsRateLimitGets429WithRetryAfterWhileAnotherTenantIsServed()
    {
        var (busy, busySecret) = await ConnectedTenantAsync();
        var (quiet, quietSecret) = await ConnectedTenantAsync();
        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["Omniops:Webhooks:PermitsPerSecond"] = "1",
            ["Omniops:Webhooks:Burst"] = "3",
        };
        var (gateway, address) = await GatewayHost.StartAsync(fixture.Cluster.Client, settings);
        await using var _ = gateway.Stopping();
        using var http = new HttpClient { BaseAddress = address };

        // One permit a second after a burst of three: sent back to back, the fourth to sixth delivery finds the bucket
        // empty unless the machine is very slow, so keep sending (bounded) until one is refused.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 30 && limited is null; i++)
        {
            var response = await Webhooks.PostGenericAsync(http, busy.TenantId, busySecret, Webhooks.GenericBody($"rl-{i}", "crm-rl", $"message {i}"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var other = await Webhooks.PostGenericAsync(http, quiet.TenantId, quietSecret, Webhooks.GenericBody("rl-quiet", "crm-q", "still served"));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], statuses.Take(3));
        Assert.NotNull(limited);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.SkipLast(1), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        limited.Dispose();
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.Accepted), await MessageCountAsync(busy.TenantId));
    }

    [Fact]
    public async Task TenantBsSignedWebhookCannotWriteIntoTenantA()
    {
        var (a, _) = await ConnectedTenantAsync();
        var (b, bSecret) = await ConnectedTenantAsync();
        var body = Webhooks.GenericBody("m-cross", "crm-6", "Injected into A?");

        using var intoA = await Webhooks.PostGenericAsync(fixture.Http, a.TenantId, bSecret, body);
        using var intoB = await Webhooks.PostGenericAsync(fixture.Http, b.TenantId, bSecret, body);

        Assert.Equal(HttpStatusCode.Unauthorized, intoA.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, intoB.StatusCode);
        Assert.Equal(0L, await MessageCountAsync(a.TenantId));
        Assert.Equal(1L, await MessageCountAsync(b.TenantId));
    }

    private async Task<(Client.Tenants.TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        return (tenant, secret);
    }

    private Task<long> MessageCountAsync(string tenantId) =>
        Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenantId);

    private async Task<string> AuditTextAsync(string adminKey)
    {
        await fixture.DrainRejectionAuditAsync();
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", adminKey);
        return await response.Content.ReadAsStringAsync();
    }

    private static int CountOccurrences(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
