using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>Steps the privacy pages' browser tests share: a signed-in member's browser, a seeded conversation.</summary>
public static class PrivacyPageSteps
{
    /// <summary>A fresh browser signed in as a new member of <paramref name="role"/>, on the inbox.</summary>
    public static async Task<IPage> SignedInPageAsync(ClusterFixture fixture, BrowserSession browser, string tenantId, string adminKey, string role)
    {
        var email = MemberClient.NewEmail("privacy-" + role);
        await OperationsSeed.AddMemberAsync(fixture, adminKey, email, role);
        var context = await browser.NewContextAsync(fixture.Http.BaseAddress!);
        return await OperationsSeed.SignInAsync(context, tenantId, email);
    }

    /// <summary>Seeds one conversation through the generic webhook; the customer ref it landed on.</summary>
    public static async Task<string> SeedConversationAsync(ClusterFixture fixture, string tenantId, string adminKey, string text, string email)
    {
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, adminKey, "generic", secret);
        var body = Webhooks.GenericBody(GrainKeys.NewLocalId('w'), "cust-" + Guid.NewGuid().ToString("N")[..8], text, name: "Jamie", email: email);
        using var response = await Webhooks.PostGenericAsync(fixture.Http, tenantId, secret, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var conversationId = (await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!;
        using var conversation = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, adminKey);
        return (await Webhooks.JsonAsync(conversation)).GetProperty("customerRef").GetString()!;
    }
}
