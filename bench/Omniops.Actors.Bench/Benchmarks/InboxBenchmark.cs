using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Npgsql;
using Omniops.Actors.Bench.Auth;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Bench.Webhooks;
using Omniops.Actors.Client.Conversations;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Web;
using Inbox = Omniops.Actors.Client.Web.Components.Pages.Inbox;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Time to a usable inbox page, measured in the browser. The production silo with its co-hosted gateway
/// (<see cref="OmniopsHost"/>, on PostgreSQL) holds a tenant with 10,000 conversations (index rows bulk-inserted with
/// one SQL statement, minutes apart, beside three other tenants with as many; then ANALYZE, as autovacuum would), and a
/// signed-in agent. Debian's chromium (Playwright, headless, <c>--no-sandbox</c>, as the browser tests run it) loads
/// the first page (<c>/inbox</c>) and a deep one (page 101, <c>/inbox?cursor=…</c>) in turns, each view a fresh
/// navigation; after the warm-up, each view's Navigation Timing entry gives navigation start → first and last byte of
/// the page, → DOMContentLoaded handled (<c>domContentLoadedEventEnd</c>: the server-rendered table is parsed, the page is
/// usable — the measure of the target) and → load handled (<c>loadEventEnd</c>: the style sheet too; the page has no script). The silo's
/// message store counts every list it answers (<see cref="ListCountingStore"/>), so the report says how many rows
/// each view loaded.
/// </summary>
public sealed class InboxBenchmark(BenchOptions options, PostgresServer server)
{
    private const string Chromium = "/usr/bin/chromium";
    private const int DefaultConversations = 10_000;
    private const int OtherTenants = 3;
    private const int WarmUpViews = 20;
    private const double TargetP95Milliseconds = 300;

    private int Conversations => options.Given.Contains("--conversations") ? options.Conversations : DefaultConversations;

    /// <returns>The share of the cores other processes took during the measured views.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException("chromium is not installed: apt-get install -y chromium (scripts/test.sh does).");
        }

        var reads = new ConcurrentQueue<ListCountingStore.ListRead>();
        var (database, owner, superuser) = await server.CreateDatabaseAsync("inbox_omniops");
        await using var host = await OmniopsHost.StartAsync(database, owner, "inbox", configureSilo: silo =>
        {
            silo.Services.AddSingleton<PostgresMessageStore>();
            silo.Services.Replace(ServiceDescriptor.Singleton(sp => ListCountingStore.Wrap(sp.GetRequiredService<PostgresMessageStore>(), reads)));
        });
        using var http = LoopbackClient.Create(LoopbackClient.Address(1), 4);
        var (tenantId, adminKey) = await host.CreateTenantAsync(http);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var deepCursor = await SeedAsync(superuser, tenantId);
        Progress.Report($"inbox: {Format.Count(Conversations)} conversations seeded in {Format.Seconds(seeding.Elapsed)} s (and {OtherTenants} other tenants with as many)");
        var (email, password) = await AddAgentAsync(http, host.Address, adminKey);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });
        await using var context = await browser.NewContextAsync(new() { BaseURL = host.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, tenantId, email, password);

        var pages = new (string Name, string Url)[]
        {
            ("first page (/inbox)", "/inbox"),
            ($"page {Conversations / 2 / Inbox.PageSize + 1} (/inbox?cursor=…, {Format.Count(Conversations / 2)} rows in)", "/inbox?cursor=" + Uri.EscapeDataString(ConversationCursorToken.Encode(deepCursor))),
        };
        await output.WriteLineAsync($"## inbox: time to a usable inbox page in the browser, {Format.Count(Conversations)} conversations in the tenant " +
            $"({options.Loads} views of each of {pages.Length} pages, in turns, after {WarmUpViews} warm-up views of each; headless chromium, one tab, one view at a time)");
        await output.WriteLineAsync();

        for (var i = 0; i < WarmUpViews; i++)
        {
            foreach (var (_, url) in pages)
            {
                await ViewAsync(page, url);
            }
        }

        reads.Clear();
        var timings = pages.Select(_ => new List<ViewTiming>()).ToArray();
        var probe = new CpuProbe();
        for (var i = 0; i < options.Loads; i++)
        {
            for (var p = 0; p < pages.Length; p++)
            {
                timings[p].Add(await ViewAsync(page, pages[p].Url));
            }
        }

        var otherLoad = probe.OtherLoadPercent();
        var tenantReads = reads.Where(r => r.TenantId == tenantId).ToList();
        var views = options.Loads * pages.Length;
        Progress.Report($"inbox: {views} views measured; other load {Format.Load(otherLoad)}");

        var table = new MarkdownTable("page", "views", "rows shown", "first byte p50 ms", "last byte p50 ms", "DOMContentLoaded p50 ms", "p95 ms", "p99 ms", "max ms",
            "load p95 ms", $"target p95 ≤ {TargetP95Milliseconds:0} ms");
        foreach (var (name, list) in pages.Select((p, i) => (p.Name, timings[i])))
        {
            var ready = list.Select(t => t.DomContentLoaded).ToList();
            table.Add(name, Format.Count(list.Count), string.Join("/", list.Select(t => t.Rows).Distinct().Order()),
                Format.Milliseconds(Percentile(list.Select(t => t.ResponseStart).ToList(), 50)), Format.Milliseconds(Percentile(list.Select(t => t.ResponseEnd).ToList(), 50)),
                Format.Milliseconds(Percentile(ready, 50)),
                Format.Milliseconds(Percentile(ready, 95)), Format.Milliseconds(Percentile(ready, 99)), Format.Milliseconds(ready.Max()),
                Format.Milliseconds(Percentile(list.Select(t => t.Load).ToList(), 95)), Percentile(ready, 95) <= TargetP95Milliseconds ? "met" : "MISSED");
        }

        await output.WriteLineAsync(table.ToString());
        await output.WriteLineAsync(new MarkdownTable("rows the store loaded (all measured views)", "views", "store lists", "lists per view",
                "rows asked per list", "rows read per view, max", "rows read per view, mean", "page size", "one page of rows per view")
            .Add("conversation list (IMessageStore.ListAsync / ListNewerAsync)", Format.Count(views), Format.Count(tenantReads.Count),
                ((double)tenantReads.Count / views).ToString("F2", CultureInfo.InvariantCulture),
                string.Join("/", tenantReads.Select(r => r.Limit).Distinct().Order()), tenantReads.Count == 0 ? "–" : Format.Count(tenantReads.Max(r => r.Rows)),
                (tenantReads.Sum(r => (double)r.Rows) / views).ToString("F1", CultureInfo.InvariantCulture), Format.Count(Inbox.PageSize),
                tenantReads.Count == views && tenantReads.All(r => r.Rows <= Inbox.PageSize + 1) ? "yes" : "NO")
            .ToString());
        await output.WriteLineAsync("Times are the browser's own (Navigation Timing, from navigation start): first byte = responseStart, last byte = " +
            "responseEnd of the page (the server render: one grain call and one keyset query), DOMContentLoaded = the server-rendered page parsed and its " +
            "DOMContentLoaded handled (usable: the table and its links are there; the target's measure), load = the load event handled " +
            $"(the style sheet loaded too — the page has no script — from the browser's cache after the warm-up). One page of rows is {Inbox.PageSize} shown " +
            "plus the one row that says another page follows.");
        await output.WriteLineAsync();
        return double.IsNaN(otherLoad) ? 0 : otherLoad;
    }

    /// <summary>One fresh navigation to <paramref name="url"/>; its Navigation Timing figures and the rows it shows.</summary>
    private static async Task<ViewTiming> ViewAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        if (response is null || response.Status != 200)
        {
            throw new InvalidOperationException($"GET {url} answered {response?.Status}.");
        }

        for (var attempt = 0; ; attempt++)
        {
            var figures = await page.EvaluateAsync<double[]>("""
                () => {
                    const n = performance.getEntriesByType('navigation')[0];
                    return [n.responseStart - n.startTime, n.responseEnd - n.startTime, n.domContentLoadedEventEnd - n.startTime,
                            n.loadEventEnd - n.startTime, n.loadEventEnd, document.querySelectorAll('table.list tbody tr').length];
                }
                """);
            if (figures[4] > 0 || attempt == 100)
            {
                return new ViewTiming(figures[0], figures[1], figures[2], figures[3], (int)figures[5]);
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// The conversations as index rows (what the inbox lists; it reads no message), minutes apart with every tenth as
    /// recent as the one before, in one statement as the superuser (no row-level security in the way), beside three
    /// other tenants with as many; then ANALYZE. Returns the cursor half-way down the list.
    /// </summary>
    private async Task<ConversationCursor> SeedAsync(string superuser, string tenantId)
    {
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync();
        var tenants = new[] { tenantId }.Concat(Enumerable.Range(0, OtherTenants).Select(i => "tbenchother" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO conversation_index (tenant_id, conversation_id, customer_ref, channel, created_at, last_activity_at)
            SELECT t, 'v' || substr(md5(t || g::text), 1, 20), 'c' || substr(md5('c' || t || (g % 7000)::text), 1, 20),
                   (ARRAY['generic', 'whatsapp', 'shopify'])[1 + g % 3],
                   now() - (g - (CASE WHEN g % 10 = 9 THEN 1 ELSE 0 END)) * interval '3 minutes' - interval '2 days',
                   now() - (g - (CASE WHEN g % 10 = 9 THEN 1 ELSE 0 END)) * interval '3 minutes'
            FROM unnest($1::text[]) t, generate_series(1, $2) g
            """, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Conversations });
            insert.CommandTimeout = 300;
            await insert.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE conversation_index", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await using var cursor = new NpgsqlCommand(
            "SELECT last_activity_at, conversation_id FROM conversation_index WHERE tenant_id = $1 ORDER BY last_activity_at DESC, conversation_id OFFSET $2 LIMIT 1", connection);
        cursor.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        cursor.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Conversations / 2 - 1 });
        await using var reader = await cursor.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new ConversationCursor(new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero), reader.GetString(1));
    }

    /// <summary>An agent through the real API: invited with the admin key, the invitation accepted with a password.</summary>
    private static async Task<(string Email, string Password)> AddAgentAsync(HttpClient http, Uri address, string adminKey)
    {
        var email = $"agent.{Guid.NewGuid():N}@example.com";
        var password = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        using var invite = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/v1/members/invitations")) { Content = JsonContent.Create(new { email, role = "agent" }) };
        invite.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var invited = await http.SendAsync(invite);
        var body = await invited.Content.ReadAsStringAsync();
        if (!invited.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /v1/members/invitations answered {(int)invited.StatusCode}: {body}");
        }

        using var invitation = JsonDocument.Parse(body);
        var token = invitation.RootElement.GetProperty("token").GetString();
        using var accepted = await http.PostAsJsonAsync(new Uri(address, "/auth/invitations/accept"), new { token, password });
        if (!accepted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /auth/invitations/accept answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }

        return (email, password);
    }

    /// <summary>The sign-in form, as a person fills it; lands on the inbox.</summary>
    private static async Task SignInAsync(IPage page, string tenantId, string email, string password)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Workspace id").FillAsync(tenantId);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/inbox", StringComparison.Ordinal), new() { Timeout = 60_000 });
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private sealed record ViewTiming(double ResponseStart, double ResponseEnd, double DomContentLoaded, double Load, int Rows);
}
