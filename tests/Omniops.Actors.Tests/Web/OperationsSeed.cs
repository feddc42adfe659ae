using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;

namespace Omniops.Actors.Tests.Web;

/// <summary>What the operations-page tests set up: members signed in through the sign-in form, conversations, keys.</summary>
public static class OperationsSeed
{
    /// <summary>Invites <paramref name="email"/> with the admin key and accepts the invitation; the member id.</summary>
    public static async Task<string> AddMemberAsync(ClusterFixture fixture, string adminKey, string email, string role)
    {
        var token = await MemberClient.InviteAsync(fixture, adminKey, email, role);
        using (var accept = await fixture.Http.PostAsJsonAsync("/auth/invitations/accept", new { token, password = MemberClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, accept.StatusCode);
            return (await accept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString()!;
        }
    }

    /// <summary>
    /// A browser context signed in as the member through the dashboard's sign-in form: typing the workspace id and
    /// landing on the inbox, or, given <paramref name="returnPath"/>, through a sign-in link that carries the workspace
    /// and where to return, landing there.
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string tenantId, string email, string? returnPath = null)
    {
        var page = await context.NewPageAsync();
        if (returnPath is null)
        {
            await page.GotoAsync("/sign-in");
            await page.GetByLabel("Workspace id").FillAsync(tenantId);
        }
        else
        {
            await page.GotoAsync("/sign-in?workspace=" + tenantId + "&returnUrl=" + Uri.EscapeDataString(returnPath));
        }

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(MemberClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var landing = returnPath ?? "/inbox";
        await page.WaitForURLAsync(url => url.EndsWith(landing, StringComparison.Ordinal));
        return page;
    }

    /// <summary>A customer message through the generic webhook (connecting it with a fresh secret); the conversation id and customer ref.</summary>
    public static async Task<(string ConversationId, string CustomerRef)> SeedConversationAsync(ClusterFixture fixture, string tenantId, string adminKey, string text, string email)
    {
        var secret = Webhooks.NewSecret();
        await Webhooks.ConnectAsync(fixture, adminKey, "generic", secret);
        var customerRef = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var body = Webhooks.GenericBody(GrainKeys.NewLocalId('w'), customerRef, text, name: "Sam", email: email);
        using var response = await Webhooks.PostGenericAsync(fixture.Http, tenantId, secret, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (accepted.GetProperty("conversationId").GetString()!, customerRef);
    }

    public static async Task ReplyAsync(ClusterFixture fixture, string adminKey, string conversationId, string text)
    {
        using var reply = await fixture.SendAsync(HttpMethod.Post, $"/v1/conversations/{conversationId}/replies", adminKey, new { text });
        Assert.True(reply.IsSuccessStatusCode, $"reply: {reply.StatusCode}");
    }

    /// <summary>Every form a value of <paramref name="key"/>'s stored hash could take in a page (hex, Base64, Base64url).</summary>
    public static IReadOnlyList<string> HashForms(string key)
    {
        Assert.True(ApiKeyFormat.TryParse(key, out _, out _, out var secret));
        var hash = ApiKeyFormat.HashSecret(secret);
        var base64 = Convert.ToBase64String(hash);
        return [Convert.ToHexStringLower(hash), Convert.ToHexString(hash), base64, base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')];
    }
}
