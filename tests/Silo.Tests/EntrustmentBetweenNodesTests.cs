using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests;

/// <summary>
/// Two deployments on loopback, each a node executable with its own database: Shanghai (SH01, SH02) entrusts work to
/// Zhejiang (ZJ01; the sample settings with its courts renamed). Zhejiang is killed in the middle, with answers in its outbox and a request on its way; once it is
/// back, everything arrives, and every step is in the case record exactly once.
/// </summary>
public sealed class EntrustmentBetweenNodesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "shanghai-zhejiang-shared-secret-for-tests";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RunningNode _shanghai = null!;
    private RunningNode _zhejiang = null!;

    public async Task InitializeAsync()
    {
        var (shanghaiPort, zhejiangPort) = (MosquittoBroker.FreePort(), MosquittoBroker.FreePort());
        _shanghai = new RunningNode("shanghai", shanghaiPort,
            "--Peers:0:Id=zhejiang", $"--Peers:0:BaseUrl=http://127.0.0.1:{zhejiangPort}", "--Peers:0:KeyId=sh-zj", $"--Peers:0:Secret={Secret}", "--Peers:0:Courts:0=ZJ01");
        _zhejiang = new RunningNode("zhejiang", zhejiangPort,
            "--Courts:0:Id=ZJ01", "--Courts:0:Name=杭州市西湖区人民法院", "--Courts:1:Id=ZJ02", "--Courts:1:Name=杭州市上城区人民法院",
            "--FieldTeams:0:CourtId=ZJ01", "--FieldTeams:1:CourtId=ZJ01", "--FieldTeams:2:CourtId=ZJ02", "--FieldTeams:3:CourtId=ZJ02",
            "--GridAreas:0:CourtId=ZJ01", "--GridAreas:1:CourtId=ZJ01", "--Auth:Users:5:CourtId=ZJ01",
            "--Peers:0:Id=shanghai", $"--Peers:0:BaseUrl=http://127.0.0.1:{shanghaiPort}", "--Peers:0:KeyId=sh-zj", $"--Peers:0:Secret={Secret}",
            "--Peers:0:Courts:0=SH01", "--Peers:0:Courts:1=SH02");
        await Task.WhenAll(_shanghai.StartAsync(), _zhejiang.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await _shanghai.DisposeAsync();
        await _zhejiang.DisposeAsync();
    }

    [Fact]
    public async Task AnEntrustmentRunsToCompletion_WithTheEntrustedNodeKilledInTheMiddle_NothingLostNothingTwice()
    {
        var judge = await _shanghai.ClientForAsync("judge-wang");
        var chief = await _zhejiang.ClientForAsync("chief-qian");
        var caseNumber = await _shanghai.FileAndAssignCaseAsync();

        var first = await EntrustAsync(judge, caseNumber, "查询被执行人在杭州的银行存款");
        await UntilAsync(async () => (await ListAsync(chief)).Count == 1, "the request to reach Zhejiang");
        await PostAsync(chief, $"/entrustments/{first}/accept");
        await PostAsync(chief, $"/entrustments/{first}/progress", new { text = "已向三家银行发出查询", documents = Array.Empty<object>() });

        // Zhejiang dies with its answers possibly still in its outbox; Shanghai entrusts more while it is away.
        await _zhejiang.KillAsync();
        var second = await EntrustAsync(judge, caseNumber, "向被执行人送达执行通知书");
        await UntilAsync(async () => (int)(await OutboxAsync(_shanghai))["pending"]! == 1 && (await OutboxAsync(_shanghai))["lastError"] is not null,
            "Shanghai to hold the second request while Zhejiang is down");
        await _zhejiang.StartAsync();

        await UntilAsync(async () => (await ListAsync(chief)).Count == 2, "the second request to reach Zhejiang after its restart");
        await PostAsync(chief, $"/entrustments/{first}/complete", new { text = "查得存款 12,345.67 元，已冻结", documents = new[] { new { name = "冻结裁定书.pdf", sha256 = new string('a', 64), size = 52_311 } } });
        await PostAsync(chief, $"/entrustments/{second}/accept");
        await PostAsync(chief, $"/entrustments/{second}/complete", new { text = "已送达", documents = Array.Empty<object>() });

        await UntilAsync(async () => await StatusAsync(judge, first) == "Completed" && await StatusAsync(judge, second) == "Completed", "both results to reach Shanghai");
        var steps = (await judge.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/record"))!
            .Where(e => ((string?)e!["kind"])?.StartsWith("Entrustment", StringComparison.Ordinal) == true)
            .Select(e => $"{(string)e!["step"]!["target"]!}:{(string)e["kind"]!}").ToList();
        output.WriteLine(string.Join('\n', steps));
        Assert.Equal(
            [$"{first}:EntrustmentRequested", $"{first}:EntrustmentDelivered", $"{first}:EntrustmentAccepted", $"{first}:EntrustmentProgress", $"{first}:EntrustmentCompleted"],
            steps.Where(s => s.StartsWith(first, StringComparison.Ordinal)));
        Assert.Equal(
            [$"{second}:EntrustmentRequested", $"{second}:EntrustmentDelivered", $"{second}:EntrustmentAccepted", $"{second}:EntrustmentCompleted"],
            steps.Where(s => s.StartsWith(second, StringComparison.Ordinal)));
        Assert.Equal(2, (await ListAsync(chief)).Count);
        await UntilAsync(async () => (int)(await OutboxAsync(_zhejiang))["pending"]! == 0, "Zhejiang's outbox to empty");
        Assert.Equal(0, (int)(await OutboxAsync(_shanghai))["pending"]!);
    }

    private static async Task<string> EntrustAsync(HttpClient judge, string caseNumber, string description)
    {
        var response = await judge.PostAsJsonAsync($"/cases/{caseNumber}/entrustments", new { toCourt = "ZJ01", kind = "AssetInquiry", description, documents = Array.Empty<object>() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task PostAsync(HttpClient client, string path, object? body = null)
    {
        var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonArray> ListAsync(HttpClient chief) => (await chief.GetFromJsonAsync<JsonArray>("/courts/ZJ01/entrustments"))!;

    private static async Task<string?> StatusAsync(HttpClient client, string id) => (string?)(await client.GetFromJsonAsync<JsonObject>($"/entrustments/{id}"))!["status"];

    private static async Task<JsonObject> OutboxAsync(RunningNode node)
    {
        using var centre = await node.ClientForAsync("centre-chen");
        return (await centre.GetFromJsonAsync<JsonArray>("/peers"))![0]!.AsObject();
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await Wait.UntilAsync(async () =>
            {
                try
                {
                    return await condition();
                }
                catch (HttpRequestException)
                {
                    return false; // a node is restarting
                }
            }, what, Patience);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nShanghai:\n{_shanghai.Log}\nZhejiang:\n{_zhejiang.Log}", timeout);
        }
    }
}
