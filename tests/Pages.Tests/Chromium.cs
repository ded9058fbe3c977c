using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>Debian's chromium driven by Playwright (which never downloads a browser), and the pages' sign-in.</summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run deploy/chromium.sh (deploy/test.sh does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
        return new Chromium(playwright, browser);
    }

    /// <summary>A new browser context (its own cookies) and page, at a desk's width or a phone's, with its console in the test output.</summary>
    public async Task<IPage> NewPageAsync(ITestOutputHelper output, bool phone = false)
    {
        var context = await Browser.NewContextAsync(phone
            ? new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true }
            : new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        return page;
    }

    /// <summary>
    /// Signs a staff user in on the sign-in page and waits until the browser is on its way to another page (not for that
    /// page's load event: a module awaiting the API holds it back; callers wait for what they look for).
    /// </summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string userId, string password)
    {
        await page.GotoAsync(baseUrl + "/signin/");
        await page.FillAsync("#sign-in input[name=userId]", userId);
        await page.FillAsync("#sign-in input[name=password]", password);
        await page.ClickAsync("#sign-in button[type=submit]");
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/signin/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{userId} did not leave the sign-in page ({page.Url}); it says: '{await page.TextContentAsync("#sign-in .form-error")}'", timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
