using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Coordination.Gateway.Entrustment;

namespace Coordination.Gateway.Tests.Entrustment;

/// <summary>The peer inbox against hand-signed requests: this node (SH01, SH02) is entrusted by the peer "zhejiang" (ZJ01).</summary>
public sealed class PeerInboxApiTests : IAsyncLifetime
{
    internal const string KeyId = "sh-zj";
    internal const string Secret = "a-shared-secret-of-at-least-32-characters";
    private readonly NodeFactory _node = new() { Settings = PeerSettings() };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    internal static Dictionary<string, string> PeerSettings() => new()
    {
        ["Peers:0:Id"] = "zhejiang",
        ["Peers:0:BaseUrl"] = "http://127.0.0.1:9",
        ["Peers:0:KeyId"] = KeyId,
        ["Peers:0:Secret"] = Secret,
        ["Peers:0:Courts:0"] = "ZJ01",
    };

    private static string Request(string messageId = "ZJ01-ent-1/request", string from = "ZJ01", string text = "查询被执行人在上海的银行存款") => $$"""
        {"messageId":"{{messageId}}","type":"Request","entrustmentId":"ZJ01-ent-1","fromCourt":"{{from}}","toCourt":"SH01","sentAt":"2026-01-05T08:00:00+00:00",
         "caseNumber":"ZJ01-2026-000042","kind":"AssetInquiry","text":"{{text}}","documents":[]}
        """;

    [Fact]
    public async Task ASignedRequest_IsReceived_AndARepeatGetsTheFirstAnswerAndCreatesNothingNew()
    {
        var first = await SendAsync(Request());
        var repeat = await SendAsync(Request());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        var list = await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonArray>("/courts/SH01/entrustments");
        var entry = Assert.Single(list!)!;
        Assert.Equal(("ZJ01-ent-1", false, "ZJ01"), ((string)entry["id"]!, (bool)entry["outgoing"]!, (string)entry["otherCourt"]!));
        var view = await _node.ClientFor("judge-wang").GetFromJsonAsync<JsonObject>("/entrustments/ZJ01-ent-1");
        Assert.Equal(["entrusted-finish", "entrusted-status-report"], view!["deadlines"]!.AsArray().Select(d => (string)d!["ruleId"]!));
    }

    [Fact]
    public async Task ThePeersCourts_AreListedWithTheirPeer_ForAJudgeToEntrustTo_AndNotForAParty()
    {
        var courts = await _node.ClientFor("judge-wang").GetFromJsonAsync<JsonArray>("/peers/courts");

        var court = Assert.Single(courts!)!;
        Assert.Equal(("ZJ01", "zhejiang"), ((string)court["courtId"]!, (string)court["peerId"]!));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.CreateClient().GetAsync("/peers/courts")).StatusCode);
    }

    [Fact]
    public async Task TheSameMessageIdWithADifferentBody_IsRefusedWith409()
    {
        await SendAsync(Request());

        var response = await SendAsync(Request(text: "另一个请求"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("different body", (string)problem["detail"]!);
        Assert.Equal("entrust.messageReused", (string?)problem["text"]?["key"]); // the grain's reason, worded for the pages
    }

    [Fact]
    public async Task AStaleTimestamp_IsRefused()
    {
        var response = await SendAsync(Request(), at: _node.Time.GetUtcNow().AddMinutes(-6));

        await AssertRefusedAsync(response, "Stale timestamp");
    }

    [Fact]
    public async Task AReusedNonce_IsRefused()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Request(), nonce: "nonce-1")).StatusCode);

        await AssertRefusedAsync(await SendAsync(Request("ZJ01-ent-1/other"), nonce: "nonce-1"), "nonce was used before");
    }

    [Theory]
    [InlineData("body", "does not match its digest")]
    [InlineData("path", "signature does not match")]
    [InlineData("timestamp", "signature does not match")]
    [InlineData("nonce", "signature does not match")]
    [InlineData("key", "Unknown key id")]
    [InlineData("missing", "Missing X-Coordination-Signature")]
    public async Task AnyChangedPartOfASignedRequest_IsRefused(string changed, string reason)
    {
        var body = Encoding.UTF8.GetBytes(Request());
        using var request = Signed(body, _node.Time.GetUtcNow(), "nonce-x");
        switch (changed)
        {
            case "body":
                body[^3] ^= 1;
                request.Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } };
                break;
            case "path":
                request.RequestUri = new Uri(PeerInboxApi.Path + "?x=1", UriKind.Relative);
                break;
            case "timestamp":
                Replace(request, PeerSignature.TimestampHeader, (_node.Time.GetUtcNow().ToUnixTimeSeconds() - 1).ToString());
                break;
            case "nonce":
                Replace(request, PeerSignature.NonceHeader, "nonce-y");
                break;
            case "key":
                Replace(request, PeerSignature.KeyHeader, "someone-else");
                break;
            case "missing":
                request.Headers.Remove(PeerSignature.SignatureHeader);
                break;
        }

        await AssertRefusedAsync(await _node.CreateClient().SendAsync(request), reason);
    }

    [Fact]
    public async Task APeerSpeakingForACourtItDoesNotServe_IsRefusedWith403()
    {
        var response = await SendAsync(Request(from: "SH02"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnAnswerWaitsInTheOutboxWhileThePeerIsUnreachable_AndTheChiefSeesWhy()
    {
        await SendAsync(Request());

        var accepted = await _node.ClientFor("chief-zhao").PostAsync("/entrustments/ZJ01-ent-1/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("chief-qian").PostAsync("/entrustments/ZJ01-ent-1/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("judge-sun").GetAsync("/entrustments/ZJ01-ent-1")).StatusCode);

        JsonObject outbox = null!;
        await Wait.UntilAsync(async () =>
        {
            outbox = (await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonArray>("/peers"))![0]!.AsObject();
            return outbox["lastError"] is not null;
        }, "the failed attempt to show on /peers");
        Assert.Equal(1, (int)outbox["pending"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").GetAsync("/peers")).StatusCode);
    }

    [Fact]
    public async Task AnOversizedMessage_IsRefusedWith413()
    {
        var response = await SendAsync(Request(text: new string('x', PeerInboxApi.MaxBodyBytes)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task TooManyPeerRequests_Get429WithRetryAfter()
    {
        await using var node = new NodeFactory { Settings = new(PeerSettings()) { ["Limits:PeerRequestsPerMinute"] = "3" } };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = Signed(Encoding.UTF8.GetBytes(Request()), node.Time.GetUtcNow(), $"n{i}");
            var response = await node.CreateClient().SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    private async Task<HttpResponseMessage> SendAsync(string json, DateTimeOffset? at = null, string? nonce = null)
    {
        using var request = Signed(Encoding.UTF8.GetBytes(json), at ?? _node.Time.GetUtcNow(), nonce ?? Guid.NewGuid().ToString("N"));
        return await _node.CreateClient().SendAsync(request);
    }

    internal static HttpRequestMessage Signed(byte[] body, DateTimeOffset at, string nonce)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://localhost" + PeerInboxApi.Path))
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        };
        var timestamp = at.ToUnixTimeSeconds().ToString();
        var digest = PeerSignature.Digest(body);
        request.Headers.Add(PeerSignature.KeyHeader, KeyId);
        request.Headers.Add(PeerSignature.TimestampHeader, timestamp);
        request.Headers.Add(PeerSignature.NonceHeader, nonce);
        request.Headers.Add(PeerSignature.DigestHeader, digest);
        request.Headers.Add(PeerSignature.SignatureHeader, PeerSignature.Sign(Encoding.UTF8.GetBytes(Secret), "POST", PeerInboxApi.Path, timestamp, nonce, digest));
        return request;
    }

    private static void Replace(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.Add(header, value);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(reason, (string)problem["detail"]!);
        Assert.StartsWith("entrust.", (string?)problem["text"]?["key"], StringComparison.Ordinal);
    }
}
