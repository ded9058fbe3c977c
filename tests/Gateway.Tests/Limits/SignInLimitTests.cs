using System.Net;
using System.Net.Http.Json;
using Coordination.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Limits;

/// <summary>
/// Sign-in tries are limited per address and wrong passwords per user name, in grains (so cluster-wide: see
/// Grains.Tests' AttemptLimitClusterTests for two silos). Each request here claims its address in a test header.
/// </summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private readonly NodeFactory _node = new()
    {
        Settings = { ["Limits:SignInsPerMinute"] = "3", ["Limits:WrongPasswordsPerUser"] = "4", ["Limits:WrongPasswordWindow"] = "00:15:00" },
        ConfigureServices = services => services.AddTransient<IStartupFilter, AddressFromHeader>(),
    };

    public Task InitializeAsync()
    {
        _node.Services.GetRequiredService<PasswordStore>().Set("judge-wang", Password);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task WrongPasswordsFromManyAddresses_LockTheUserName_EvenForTheRightPassword_UntilTheWindowEnds()
    {
        var client = _node.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, $"198.51.100.{i}", "judge-wang", "guess")).StatusCode);
        }

        using var locked = await SignInAsync(client, "198.51.100.50", "judge-wang", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 15 * 60);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "198.51.100.51", "chief-zhao", "not the right one")).StatusCode); // another name: not locked

        _node.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "198.51.100.52", "judge-wang", Password)).StatusCode);
    }

    [Fact]
    public async Task TriesFromOneAddress_AreLimitedPerMinute_WhateverTheNames()
    {
        var client = _node.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "203.0.113.9", $"nobody-{i}", "guess")).StatusCode);
        }

        using var refused = await SignInAsync(client, "203.0.113.9", "judge-wang", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "203.0.113.10", "judge-wang", Password)).StatusCode);

        _node.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "203.0.113.9", "judge-wang", Password)).StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string address, string userId, string password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/auth/token")
        {
            Content = JsonContent.Create(new { userId, password }),
            Headers = { { AddressFromHeader.Header, address } },
        });

    /// <summary>Sets the connection's remote address from a header: the test server has none of its own.</summary>
    private sealed class AddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate following) =>
            {
                if (http.Request.Headers[Header] is [{ } address])
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return following(http);
            });
            next(app);
        };
    }
}
