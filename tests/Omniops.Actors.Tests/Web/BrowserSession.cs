using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// Debian's chromium driven by Playwright (no browser download), screenshots kept as test artefacts, and axe-core (the
/// copy embedded in Deque.AxeCore.Playwright) run on every page.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private BrowserSession(IPlaywright playwright, IBrowser browser) => (Playwright, Browser) = (playwright, browser);

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: <c>OMNIOPS_TEST_ARTIFACTS</c>, else TestResults/screenshots beside the tests.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("OMNIOPS_TEST_ARTIFACTS") is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "TestResults"), "screenshots");

    public static async Task<BrowserSession> StartAsync()
    {
        Assert.True(File.Exists(Chromium), "chromium is not installed: apt-get install -y chromium (scripts/test.sh does).");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });
        return new BrowserSession(playwright, browser);
    }

    public Task<IBrowserContext> NewContextAsync(Uri baseAddress) =>
        Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });

    /// <summary>Saves a full-page screenshot and asserts axe finds no serious or critical violation on the page.</summary>
    public static async Task CheckPageAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help}").ToList();
        Assert.True(serious.Count == 0, $"{name}: {string.Join("; ", serious)}\n{(await page.ContentAsync())[..Math.Min(3000, (await page.ContentAsync()).Length)]}");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
