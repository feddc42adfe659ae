using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Npgsql;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Members;
using Inbox = Omniops.Actors.Client.Web.Components.Pages.Inbox;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// The inbox over more than two pages of conversations, in a real browser, on a deployment of its own whose message
/// store counts every list it answers: each page view asks for one page of rows (and the one row that says another
/// follows), never more, and the older/newer links are reached and followed with the keyboard alone.
/// </summary>
public sealed class InboxPagingTests : IAsyncLifetime
{
    private const int Conversations = 2 * Inbox.PageSize + 20;
    private readonly ConcurrentQueue<ListCountingStore.ListRead> _reads = new();
    private ClusterFixture _fixture = null!;
    private BrowserSession _browser = null!;

    public async Task InitializeAsync()
    {
        _fixture = new ClusterFixture(new Dictionary<string, string?>(), silo =>
        {
            silo.Services.AddSingleton<PostgresMessageStore>();
            silo.Services.Replace(ServiceDescriptor.Singleton(sp => ListCountingStore.Wrap(sp.GetRequiredService<PostgresMessageStore>(), _reads)));
        }, 1);
        await _fixture.InitializeAsync();
        _browser = await BrowserSession.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task Every_inbox_page_loads_one_page_of_rows_and_the_older_and_newer_links_work_from_the_keyboard()
    {
        var tenant = await _fixture.CreateTenantAsync("Paging Outfitters");
        var expected = await SeedAsync(tenant.TenantId);
        var email = MemberClient.NewEmail("pat");
        var token = await MemberClient.InviteAsync(_fixture, tenant.AdminKey, email, "agent");
        using (var accept = await _fixture.Http.PostAsJsonAsync("/auth/invitations/accept", new { token, password = MemberClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, accept.StatusCode);
        }

        await using var context = await _browser.NewContextAsync(_fixture.Http.BaseAddress!);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Workspace id").FillAsync(tenant.TenantId);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(MemberClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal));
        Assert.Equal(expected.Take(Inbox.PageSize), await ListedAsync(page));
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Newer conversations" }).CountAsync());
        var pages = new List<IReadOnlyList<string>>();

        // Older, twice, and back newer, twice: with Tab and Enter only.
        foreach (var (link, url) in new[] { ("Older conversations", "cursor="), ("Older conversations", "cursor="), ("Newer conversations", "before="), ("Newer conversations", "before=") })
        {
            var from = page.Url;
            await TabToAsync(page, link);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(u => u.Contains(url, StringComparison.Ordinal) && u != from);
            await page.Locator("table.list").WaitForAsync();
            pages.Add(await ListedAsync(page));
            if (pages.Count == 2)
            {
                Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Older conversations" }).CountAsync());
                await BrowserSession.CheckPageAsync(page, "inbox-last-page");
            }
        }

        Assert.Equal(expected.Skip(Inbox.PageSize).Take(Inbox.PageSize), pages[0]);
        Assert.Equal(expected.Skip(2 * Inbox.PageSize), pages[1]);
        Assert.Equal(pages[0], pages[2]);
        Assert.Equal(expected.Take(Inbox.PageSize), pages[3]);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Newer conversations" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Newest" }).CountAsync());

        // Five page views (sign-in's landing and four links): five lists, each of one page and the row after it.
        var reads = _reads.Where(r => r.TenantId == tenant.TenantId).ToList();
        Assert.Equal(5, reads.Count);
        Assert.All(reads, r => Assert.Equal(Inbox.PageSize + 1, r.Limit));
        Assert.All(reads, r => Assert.InRange(r.Rows, 1, Inbox.PageSize + 1));
        Assert.Equal(Inbox.PageSize + 1 + Inbox.PageSize + 1 + 20 + Inbox.PageSize + 1 + Inbox.PageSize, reads.Sum(r => r.Rows));
    }

    /// <summary>The tenant's conversations as index rows (what the inbox lists), a minute apart, a few equally recent; in the list's order.</summary>
    private async Task<List<string>> SeedAsync(string tenantId)
    {
        await Sql.ExecuteAsync(_fixture.SuperuserConnectionString, """
            INSERT INTO conversation_index (tenant_id, conversation_id, customer_ref, channel, created_at, last_activity_at)
            SELECT $1, 'vpage' || lpad(g::text, 4, '0'), 'cpage' || lpad(g::text, 4, '0'), 'generic', now() - interval '3 days',
                   now() - (g - (CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END)) * interval '1 minute'
            FROM generate_series(1, $2) g
            """, tenantId, Conversations);
        var ids = new List<string>();
        await using var connection = new NpgsqlConnection(_fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT conversation_id FROM conversation_index WHERE tenant_id = $1 ORDER BY last_activity_at DESC, conversation_id", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        Assert.Equal(Conversations, ids.Count);
        return ids;
    }

    private static async Task<IReadOnlyList<string>> ListedAsync(IPage page) =>
        [.. (await page.Locator("table.list tbody tr td:first-child a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            .Select(href => href["/inbox/".Length..])];

    /// <summary>Presses Tab until the link named <paramref name="name"/> has the focus (fails if it never does).</summary>
    private static async Task TabToAsync(IPage page, string name)
    {
        for (var i = 0; i < 3 * Inbox.PageSize; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''") == name)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached the link '{name}'.");
    }
}
