using System.Net;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Dashboard;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Dashboard;

public sealed class DashboardApiTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private string TokenOf(string userId) => _node.Services.GetRequiredService<TokenIssuer>().Issue(userId);

    [Fact]
    public async Task Dashboard_OpenedByTheCommandCentreWithItsToken_ServesThePageAndItsApiOnTheCookie()
    {
        using var browser = _node.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var page = await browser.GetAsync($"{DashboardApi.Path}/?access_token={TokenOf("centre-chen")}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardApi.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);

        // The page's own calls carry no token: the cookie does.
        var counters = await browser.GetAsync($"{DashboardApi.Path}/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Contains("totalActivationCount", await counters.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dashboard_IsRefusedToOtherRolesAndToAnonymousCallers()
    {
        var client = _node.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"{DashboardApi.Path}/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{DashboardApi.Path}/?access_token={TokenOf("judge-wang")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{DashboardApi.Path}/?access_token={TokenOf("chief-zhao")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").GetAsync($"{DashboardApi.Path}/DashboardCounters")).StatusCode);
    }

    [Fact]
    public async Task AQueryToken_CountsOnlyForTheDashboard()
    {
        var client = _node.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/courts/SH01/cases?access_token={TokenOf("centre-chen")}")).StatusCode);
    }
}
