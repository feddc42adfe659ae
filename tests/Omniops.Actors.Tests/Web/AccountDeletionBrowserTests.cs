using System.Net;
using Microsoft.Playwright;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// The account deletion on the Privacy Settings page, on a deployment of its own whose cooling-off period is a day
/// (the shared cluster's five seconds would race the browser), so the cancellation never depends on timing.
/// </summary>
public sealed class AccountDeletionBrowserTests(AccountDeletionDeployment deployment) : IClassFixture<AccountDeletionDeployment>, IAsyncLifetime
{
    private ClusterFixture Fixture => deployment.Cluster;

    private BrowserSession _browser = null!;

    public async Task InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task The_account_deletion_needs_the_typed_workspace_id_shows_the_cooling_off_date_and_cancelling_leaves_the_tenant_active()
    {
        var tenant = await Fixture.CreateTenantAsync("Privacy Pages Deletion");
        var page = await PrivacyPageSteps.SignedInPageAsync(Fixture, _browser, tenant.TenantId, tenant.AdminKey, "admin");
        var requestId = TenantErasureRequest.IdOf(tenant.TenantId);
        await page.GotoAsync("/privacy-settings");
        await BrowserSession.CheckPageAsync(page, "26-privacy-settings");

        // A wrong confirmation deletes nothing.
        await page.GetByLabel("To confirm, type the workspace id").FillAsync(tenant.TenantId + "x");
        var wrong = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Delete the account" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(HttpStatusCode.BadRequest, (HttpStatusCode)wrong.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("workspace id exactly");
        using (var none = await Fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        // The typed id schedules it; the page shows when (the API's notBefore).
        await page.GetByLabel("To confirm, type the workspace id").FillAsync(tenant.TenantId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#deletion-scheduled")).ToContainTextAsync("scheduled for deletion");
        using (var scheduled = await Fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, tenant.AdminKey))
        {
            var request = await Webhooks.JsonAsync(scheduled);
            Assert.Equal("received", request.GetProperty("status").GetString());
            var notBefore = request.GetProperty("notBefore").GetDateTimeOffset();
            Assert.True(notBefore > DateTimeOffset.UtcNow.AddHours(1));
            await Assertions.Expect(page.Locator("#deletion-scheduled time")).ToHaveAttributeAsync("datetime",
                notBefore.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        await BrowserSession.CheckPageAsync(page, "27-privacy-settings-deletion-scheduled");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the deletion" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cancelled");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete the account" })).ToBeVisibleAsync();
        using (var cancelled = await Fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, tenant.AdminKey))
        {
            Assert.Equal("cancelled", (await Webhooks.JsonAsync(cancelled)).GetProperty("status").GetString());
        }

        using var after = await Fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("active", (await Webhooks.JsonAsync(after)).GetProperty("status").GetString());
        await page.SetViewportSizeAsync(375, 800);
        await page.GotoAsync("/privacy-settings");
        await BrowserSession.CheckPageAsync(page, "28-privacy-settings-narrow");
    }
}
