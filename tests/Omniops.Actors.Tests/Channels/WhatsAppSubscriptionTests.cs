using System.Net;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>Meta's subscription challenge: echoed only for the tenant's own verify token, checked in place.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WhatsAppSubscriptionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheSubscriptionChallengeIsEchoedOnlyForTheTenantsVerifyToken()
    {
        var tenant = await fixture.CreateTenantAsync();
        var token = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp-verify", token);

        using var right = await ChallengeAsync(tenant.TenantId, token, "1158201444");
        using var wrong = await ChallengeAsync(tenant.TenantId, token + "x", "1158201444");
        using var missing = await fixture.Http.GetAsync($"/webhooks/{tenant.TenantId}/whatsapp?hub.mode=subscribe&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("text/plain", right.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.DoesNotContain("1158201444", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(2, (await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey)).Count(r => r == ("whatsapp", "bad-signature")));
        Assert.Single(await WebhookChecks.AuditEventsAsync(fixture, tenant.AdminKey), e => e.GetProperty("operation").GetString() == "webhook.subscription-verified");
    }

    [Fact]
    public async Task TheSubscriptionChallengeIsNotFoundWhileNoVerifyTokenIsConnected()
    {
        var tenant = await fixture.CreateTenantAsync();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp", Webhooks.NewSecret());

        using var challenge = await ChallengeAsync(tenant.TenantId, "any-token", "1158201444");

        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    [Theory]
    [InlineData("hub.mode=unsubscribe&hub.challenge=1158201444")]
    [InlineData("hub.mode=subscribe&hub.challenge=")]
    [InlineData("hub.mode=subscribe&hub.challenge=%3Cscript%3E")]
    public async Task AChallengeThatIsNotASubscriptionIsABadRequestEvenWithTheRightToken(string query)
    {
        var tenant = await fixture.CreateTenantAsync();
        var token = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "whatsapp-verify", token);

        using var challenge = await fixture.Http.GetAsync($"/webhooks/{tenant.TenantId}/whatsapp?hub.verify_token={token}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, challenge.StatusCode);
        Assert.Contains(("whatsapp", "malformed-challenge"), await WebhookChecks.RejectionsAsync(fixture, tenant.AdminKey));
    }

    private Task<HttpResponseMessage> ChallengeAsync(string tenantId, string token, string challenge) =>
        fixture.Http.GetAsync($"/webhooks/{tenantId}/whatsapp?hub.mode=subscribe&hub.verify_token={Uri.EscapeDataString(token)}&hub.challenge={challenge}");
}
