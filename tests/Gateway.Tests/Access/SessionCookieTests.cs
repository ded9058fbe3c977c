using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Auth;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Access;

/// <summary>The pages' session: a token kept in an HttpOnly cookie, and changes made with it only with the antiforgery header.</summary>
public sealed class SessionCookieTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task ATokenKeptAsTheSession_IsHttpOnlyAndStrict_AndSignsInRequestsWithoutAHeader()
    {
        using var browser = _node.CreateClient();

        using var started = await StartSessionAsync(browser, "judge-wang");

        var cookie = Assert.Single(started.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.GetFromJsonAsync<JsonObject>("/auth/me");
        Assert.Equal("judge-wang", (string?)me!["userId"]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/judges/me/agenda")).StatusCode);
    }

    [Fact]
    public async Task AChangeMadeWithTheSessionCookie_WithoutTheAntiforgeryHeader_IsRefusedAndNotMade()
    {
        using var browser = _node.CreateClient();
        (await StartSessionAsync(browser, "judge-wang")).Dispose();

        using var refused = await browser.PostAsJsonAsync("/judges/me/plan/items", PlanItem("forged"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("antiforgery", (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["reason"]);
        Assert.DoesNotContain("forged", await browser.GetStringAsync($"/judges/me/plan?day={Today}"));
    }

    [Fact]
    public async Task AChangeMadeWithTheSessionCookie_AndTheAntiforgeryHeader_IsMade()
    {
        using var browser = _node.CreateClient();
        (await StartSessionAsync(browser, "judge-wang")).Dispose();
        using var made = await SendWithAntiforgeryAsync(browser, new HttpRequestMessage(HttpMethod.Post, "/judges/me/plan/items") { Content = JsonContent.Create(PlanItem("visit the bank")) });

        Assert.True(made.IsSuccessStatusCode, $"{(int)made.StatusCode}: {await made.Content.ReadAsStringAsync()}");
        Assert.Contains("visit the bank", await browser.GetStringAsync($"/judges/me/plan?day={Today}"));
    }

    [Fact]
    public async Task AnAntiforgeryTokenOfAnotherUsersSession_IsRefused()
    {
        using var other = _node.CreateClient();
        (await StartSessionAsync(other, "judge-zhou")).Dispose();
        var othersToken = (string)(await other.GetFromJsonAsync<JsonObject>("/auth/antiforgery"))!["token"]!;
        using var browser = _node.CreateClient();
        (await StartSessionAsync(browser, "judge-wang")).Dispose();
        await browser.GetAsync("/auth/antiforgery"); // its own antiforgery cookie

        using var request = new HttpRequestMessage(HttpMethod.Post, "/judges/me/plan/items") { Content = JsonContent.Create(PlanItem("forged")) };
        request.Headers.Add(SessionAntiforgery.HeaderName, othersToken);
        using var refused = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task ABearerTokenNeedsNoAntiforgeryHeader_ForABrowserNeverAddsOneOnItsOwn()
    {
        using var api = _node.ClientFor("judge-wang");

        using var made = await api.PostAsJsonAsync("/judges/me/plan/items", PlanItem("from a script"));

        Assert.True(made.IsSuccessStatusCode, $"{(int)made.StatusCode}");
    }

    [Fact]
    public async Task EndingTheSession_SignsTheBrowserOut()
    {
        using var browser = _node.CreateClient();
        (await StartSessionAsync(browser, "judge-wang")).Dispose();

        using var ended = await SendWithAntiforgeryAsync(browser, new HttpRequestMessage(HttpMethod.Delete, "/auth/session"));

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task StartingASessionWithoutABearerToken_IsRefused()
    {
        using var browser = _node.CreateClient();

        using var refused = await browser.PostAsync("/auth/session", null);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendWithAntiforgeryAsync(HttpClient browser, HttpRequestMessage request)
    {
        var antiforgery = await browser.GetFromJsonAsync<JsonObject>("/auth/antiforgery");
        Assert.Equal(SessionAntiforgery.HeaderName, (string?)antiforgery!["headerName"]);
        request.Headers.Add(SessionAntiforgery.HeaderName, (string)antiforgery["token"]!);
        using (request)
        {
            return await browser.SendAsync(request);
        }
    }

    private string Today => DateOnly.FromDateTime(_node.Time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    private object PlanItem(string title) => new { date = Today, title };

    private async Task<HttpResponseMessage> StartSessionAsync(HttpClient browser, string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _node.Services.GetRequiredService<TokenIssuer>().Issue(userId));
        var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}
