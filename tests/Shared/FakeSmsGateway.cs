using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordination.Testing;

/// <summary>
/// A small SMS gateway on 127.0.0.1 for tests: takes <c>POST /send</c> with basic authentication and a JSON
/// <c>{messageId, to, text}</c>, delivers each message id once (a resend is answered but not delivered again), and can
/// hold requests without answering, as a gateway that took a message just as the caller died.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    public const string Username = "court-sms";
    public const string Password = "sms-password-for-tests";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string To, string Text)> _delivered = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private volatile TaskCompletionSource? _hold;

    private FakeSmsGateway(WebApplication app) => _app = app;

    /// <summary>Where to send.</summary>
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/send";

    /// <summary>Messages delivered, by message id.</summary>
    public IReadOnlyDictionary<string, (string To, string Text)> Delivered => _delivered;

    /// <summary>How many requests came for a message id.</summary>
    public int AttemptsOf(string messageId) => _attempts.GetValueOrDefault(messageId);

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeSmsGateway(app);
        app.MapPost("/send", (Func<HttpContext, Task<IResult>>)gateway.SendAsync);
        await app.StartAsync();
        return gateway;
    }

    /// <summary>From now on, requests are taken (and delivered) but not answered until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers held requests and stops holding.</summary>
    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> SendAsync(HttpContext http)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        if (http.Request.Headers.Authorization != expected)
        {
            return Results.StatusCode((int)HttpStatusCode.Unauthorized);
        }

        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var (id, to, text) = ((string)body["messageId"]!, (string)body["to"]!, (string)body["text"]!);
        _attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
        _delivered.TryAdd(id, (to, text));
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(http.RequestAborted);
        }

        return Results.Json(new { status = "accepted" });
    }
}
