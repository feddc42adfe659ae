using System.Net;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>What the privacy link tests set up: a tenant with the generic channel, a customer seeded through it, a link issued for one.</summary>
internal sealed class PrivacyLinkSetup(ClusterFixture fixture)
{
    public async Task<(TenantCreatedResponse Tenant, string Secret)> ConnectedTenantAsync(string name)
    {
        var tenant = await fixture.CreateTenantAsync(name);
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, tenant.AdminKey, "generic", secret);
        return (tenant, secret);
    }

    /// <summary>One customer with one conversation and contact details, through the generic webhook; its customer ref.</summary>
    public async Task<string> SeedCustomerAsync(TenantCreatedResponse tenant, string secret, string messageId, string externalRef, string name, string email)
    {
        using var message = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Webhooks.GenericBody(messageId, externalRef, "Hello from " + name, name: name, email: email));
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(message)).GetProperty("conversationId").GetString()!;
        using var conversation = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
        return (await Webhooks.JsonAsync(conversation)).GetProperty("customerRef").GetString()!;
    }

    /// <summary>Issues a link for the customer and checks the answer's shape; the token.</summary>
    public async Task<string> IssueAsync(TenantCreatedResponse tenant, string customerRef)
    {
        using var issued = await fixture.SendAsync(HttpMethod.Post, $"/v1/customers/{customerRef}/privacy-token", tenant.AdminKey, new { expiresIn = "P2D" });
        var body = await Webhooks.JsonAsync(issued);
        Assert.True(issued.StatusCode == HttpStatusCode.Created, $"{(int)issued.StatusCode}: {body}");
        var token = body.GetProperty("token").GetString()!;
        Assert.StartsWith("opl.", token, StringComparison.Ordinal);
        Assert.EndsWith("/privacy?token=" + Uri.EscapeDataString(token), body.GetProperty("url").GetString()!, StringComparison.Ordinal);
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddDays(2).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(2).AddMinutes(1));
        return token;
    }
}
