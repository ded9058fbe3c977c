using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Silo.Schema;
using Coordination.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// Node executables in one Orleans cluster: membership in a real Redis (deploy/redis.sh), everything durable in one
/// PostgreSQL schema of their own (needs redis-server and the test PostgreSQL).
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
[Collection(nameof(RedisClusterTests))]
public sealed class RedisClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ClusterBackends _backends = null!;

    public async Task InitializeAsync()
    {
        _backends = await ClusterBackends.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _backends.DisposeAsync();
    }

    [Fact]
    public async Task TwoNodesOnRedisAndOnePostgres_FormOneCluster_AndServeTheSameCase()
    {
        var a = Node("a");
        var b = Node("b");
        await a.StartAsync();
        await b.StartAsync();

        await Wait.UntilAsync(async () => await ActiveSilosAsync(a) == 2 && await ActiveSilosAsync(b) == 2, "both nodes to see two active silos", TimeSpan.FromSeconds(60));
        foreach (var node in new[] { a, b })
        {
            Assert.StartsWith($"127.0.0.1:{node.SiloPort}@", await AnsweringSiloAsync(node));
            Assert.Contains($"Coordination node started: silo 127.0.0.1:{node.SiloPort}@", node.Log);
        }

        var caseNumber = await a.FileAndAssignCaseAsync();
        using var judgeOnB = await b.ClientForAsync("judge-wang");
        var view = await judgeOnB.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
        Assert.Equal(caseNumber, (string?)view!["caseNumber"]);
    }

    [Fact]
    public async Task NodeKilled_ItsCasesAnswerOnTheSurvivorWithinFiveSeconds_AndCallsInTheGapFailFastWith503()
    {
        const int Cases = 10; // placement is Orleans' choice: with ten, some are all but sure to live on the node killed
        var a = Node("a");
        var b = Node("b");
        await a.StartAsync();
        await b.StartAsync();
        await Wait.UntilAsync(async () => await ActiveSilosAsync(a) == 2 && await ActiveSilosAsync(b) == 2, "both nodes to see two active silos", TimeSpan.FromSeconds(60));
        var cases = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            cases.Add(await a.FileAndAssignCaseAsync());
        }

        using var judge = await b.ClientForAsync("judge-wang");
        judge.Timeout = TimeSpan.FromSeconds(10); // a call that hangs fails the test
        foreach (var caseNumber in cases)
        {
            (await judge.GetAsync($"/cases/{caseNumber}")).EnsureSuccessStatusCode();
        }

        await a.KillAsync();
        var killed = System.Diagnostics.Stopwatch.StartNew();
        var answered = new HashSet<string>();
        var refusals = new List<string>();
        while (answered.Count < Cases)
        {
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(5), $"after 5 s {answered.Count} of {Cases} cases answered on the survivor; refusals: {string.Join("; ", refusals.Distinct())}");
            foreach (var caseNumber in cases.Where(c => !answered.Contains(c)))
            {
                using var response = await judge.GetAsync($"/cases/{caseNumber}");
                if (response.IsSuccessStatusCode)
                {
                    answered.Add(caseNumber);
                    continue;
                }

                refusals.Add($"{(int)response.StatusCode} retry-after {response.Headers.RetryAfter}");
                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        output.WriteLine($"every case answered on the survivor {killed.Elapsed.TotalSeconds:0.0} s after the kill; {refusals.Count} calls refused with 503 meanwhile");
    }

    private RunningNode Node(string name)
    {
        return _backends.Node(name,
            "--Logging:LogLevel:Coordination.Silo.Runtime.NodeAnnouncement=Information",
            "--Limits:RequestsPerMinute=100000"); // the failover loop polls as fast as the node answers
    }

    private static async Task<int> ActiveSilosAsync(RunningNode node) => (int?)(await HealthAsync(node))?["silo"]?["activeSilos"] ?? 0;

    private static async Task<string?> AnsweringSiloAsync(RunningNode node) => (string?)(await HealthAsync(node))?["silo"]?["node"];

    private static async Task<JsonObject?> HealthAsync(RunningNode node)
    {
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/health");
    }
}

/// <summary>
/// The cluster tests run alone within their assembly: the failover test's 5 s is the time Orleans' membership takes to
/// declare a killed silo dead, and the other node tests' load on two cores once stretched it past the limit.
/// </summary>
[CollectionDefinition(nameof(RedisClusterTests), DisableParallelization = true)]
public sealed class RedisClusterCollection;
