using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>The staff sign-in page against the node executable: a wrong password is said so, a right one leads to the role's page with a session cookie no script can read.</summary>
[Trait("Category", "Browser")]
public sealed class SignInPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "centre-password-for-tests";
    private readonly RunningNode _node = new("sign-in", MosquittoBroker.FreePort());
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        await _node.RunVerbAsync(["set-password", "centre-chen"], Password);
        await _node.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task AWrongPassword_IsShownOnTheForm_AndARightOne_LeadsToTheRolesPage_WithAnHttpOnlySession()
    {
        var page = await _chromium.NewPageAsync(output);
        await page.GotoAsync(_node.BaseUrl + "/");
        await page.WaitForURLAsync("**/signin/");

        await page.FillAsync("#sign-in input[name=userId]", "centre-chen");
        await page.FillAsync("#sign-in input[name=password]", "not-the-password");
        await page.ClickAsync("#sign-in button[type=submit]");
        await Assertions.Expect(page.Locator("#sign-in .form-error")).ToContainTextAsync("登录失败");

        await Chromium.SignInAsync(page, _node.BaseUrl, "centre-chen", Password);

        Assert.EndsWith("/command-centre/", page.Url, StringComparison.Ordinal);
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "coordination-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie"));
    }

    [Fact]
    public async Task EveryPage_IsServedWithAPolicyThatAllowsScriptsFromTheNodeOnly()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(_node.BaseUrl + "/signin/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }
}
