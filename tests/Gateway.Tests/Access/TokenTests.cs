using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Coordination.Gateway.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Gateway.Tests.Access;

/// <summary>Tokens: revoked with their user, HS256 only, and every refusal a problem saying why.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private readonly string _settings = Path.Combine(Path.GetTempPath(), $"coordination-users-{Guid.NewGuid():N}.json");
    private readonly NodeFactory _node;

    public TokenTests()
    {
        WriteUsers(("judge-temp", Roles.Judge, "SH01"), ("clerk-temp", Roles.Clerk, "SH01"));
        _node = new NodeFactory { WatchedSettingsFile = _settings };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        File.Delete(_settings);
    }

    [Fact]
    public async Task AUserRemovedFromTheSettings_IsRefusedAtTheirNextRequest()
    {
        using var judge = Client(_node.ClientFor("judge-temp").DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.Equal(HttpStatusCode.OK, (await judge.GetAsync("/judges/me/agenda")).StatusCode);

        WriteUsers(("clerk-temp", Roles.Clerk, "SH01"));

        await Wait.UntilAsync(async () => (await judge.GetAsync("/judges/me/agenda")).StatusCode == HttpStatusCode.Unauthorized, "the removed user's token to be refused");
        await AssertRefusedAsync(await judge.GetAsync("/judges/me/agenda"), "user-changed");
    }

    [Fact]
    public async Task AUserGivenAnotherRole_IsRefusedWithTheOldToken()
    {
        using var clerk = Client(_node.ClientFor("clerk-temp").DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/courts/SH01/cases")).StatusCode);

        WriteUsers(("judge-temp", Roles.Judge, "SH01"), ("clerk-temp", Roles.Chief, "SH01"));

        await Wait.UntilAsync(async () => (await clerk.GetAsync("/courts/SH01/cases")).StatusCode == HttpStatusCode.Unauthorized, "the old token to be refused");
        await AssertRefusedAsync(await clerk.GetAsync("/courts/SH01/cases"), "user-changed");
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("clerk-temp").GetAsync("/courts/SH01/statistics")).StatusCode);
    }

    [Fact]
    public async Task AnOpenStream_EndsWhenItsUserIsRemoved()
    {
        using var judge = Client(_node.ClientFor("judge-temp").DefaultRequestHeaders.Authorization!.Parameter!);
        using var stream = await judge.GetAsync("/streams/judge", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var body = await stream.Content.ReadAsStreamAsync();

        WriteUsers(("clerk-temp", Roles.Clerk, "SH01"));

        var ended = body.ReadAsync(new byte[1024]).AsTask();
        await Wait.UntilAsync(() => ended.IsCompleted, "the stream to end");
        Assert.Equal(0, await ended);
    }

    [Fact]
    public async Task AnOpenStream_EndsWhenItsTokenExpires()
    {
        using var stream = await _node.ClientFor("judge-wang").GetAsync("/streams/judge", HttpCompletionOption.ResponseHeadersRead);
        var body = await stream.Content.ReadAsStreamAsync();
        var ended = body.ReadAsync(new byte[1024]).AsTask();
        Assert.False(ended.IsCompleted);

        _node.Time.Advance(TimeSpan.FromHours(12));

        await Wait.UntilAsync(() => ended.IsCompleted, "the stream to end");
        Assert.Equal(0, await ended);
    }

    [Fact]
    public async Task InvalidSettings_KeepThePreviousUsers()
    {
        using var judge = Client(_node.ClientFor("judge-temp").DefaultRequestHeaders.Authorization!.Parameter!);

        File.WriteAllText(_settings, """{"Auth":{"Users":{"30":{"Id":"judge-temp","Role":"emperor","CourtId":"SH01"}}}}""");
        var reloaded = _node.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        await Wait.UntilAsync(() => reloaded["Auth:Users:30:Role"] == "emperor", "the settings to be read again");

        Assert.Equal(HttpStatusCode.OK, (await judge.GetAsync("/judges/me/agenda")).StatusCode);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    public async Task ATokenSignedWithTheKeyButAnotherAlgorithm_IsRefused(string algorithm)
    {
        var key = _node.Services.GetRequiredService<TokenIssuer>().SigningKey;

        var response = await Client(Forge(new SigningCredentials(key, algorithm))).GetAsync("/judges/me/agenda");

        await AssertRefusedAsync(response, "bad-algorithm");
    }

    [Fact]
    public async Task EveryRefusedToken_IsAProblemSayingWhy_WithoutTheSecret()
    {
        var issuer = _node.Services.GetRequiredService<TokenIssuer>();
        var good = issuer.Issue("judge-wang");
        var otherKey = new SymmetricSecurityKey(new byte[48]);

        await AssertRefusedAsync(await _node.CreateClient().GetAsync("/judges/me/agenda"), "missing");
        await AssertRefusedAsync(await Client("not-a-token").GetAsync("/judges/me/agenda"), "malformed");
        await AssertRefusedAsync(await Client(Forge(new SigningCredentials(otherKey, SecurityAlgorithms.HmacSha256))).GetAsync("/judges/me/agenda"), "bad-signature");
        await AssertRefusedAsync(await Client(good[..^4] + "AAAA").GetAsync("/judges/me/agenda"), "bad-signature");
        using var basic = _node.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "anVkZ2U6cGFzcw==");
        await AssertRefusedAsync(await basic.GetAsync("/judges/me/agenda"), "malformed");

        _node.Time.Advance(TimeSpan.FromHours(13));
        await AssertRefusedAsync(await Client(good).GetAsync("/judges/me/agenda"), "expired");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(reason, (string?)problem["reason"]);
        Assert.DoesNotContain("key", ((string)problem["detail"]!).ToLowerInvariant(), StringComparison.Ordinal);
    }

    private string Forge(SigningCredentials credentials)
    {
        var now = _node.Time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "coordination",
            Audience = "coordination",
            Subject = new ClaimsIdentity([new Claim("sub", "judge-wang"), new Claim(TokenIssuer.RoleClaim, Roles.Judge), new Claim(TokenIssuer.CourtClaim, "SH01")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = credentials,
        });
    }

    private HttpClient Client(string token)
    {
        var client = _node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private void WriteUsers(params (string Id, string Role, string Court)[] users)
    {
        var list = new JsonObject();
        for (var i = 0; i < users.Length; i++)
        {
            list[(30 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["Id"] = users[i].Id, ["Name"] = users[i].Id, ["Role"] = users[i].Role, ["CourtId"] = users[i].Court,
            };
        }

        File.WriteAllText(_settings, new JsonObject { ["Auth"] = new JsonObject { ["Users"] = list } }.ToJsonString());
    }
}
