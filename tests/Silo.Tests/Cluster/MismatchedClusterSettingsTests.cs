using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Silo.Schema;
using Coordination.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// A node whose shared settings differ from the running node's stays out of the cluster; one with the same settings joins
/// (node executables, membership in a real Redis, one PostgreSQL schema of their own; needs redis-server and the test PostgreSQL).
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
[Collection(nameof(RedisClusterTests))]
public sealed class MismatchedClusterSettingsTests : IAsyncLifetime
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
    public async Task SecondNodeWithAnotherSigningKeyAndServiceId_ExitsWithCode2AndOneLineNamingThem_AndTheFirstRunsAlone()
    {
        var first = Node("first");
        await first.StartAsync();

        var (exitCode, error) = await RunToExitAsync(
            [.. ClusterSettings, $"--Auth:SigningKey={new string('k', 40)}", "--Orleans:ServiceId=another-service"]);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            $"Coordination node did not start: its cluster settings differ from the running node(s) 127.0.0.1:{first.SiloPort}: Auth:SigningKey, Orleans:ServiceId. " +
            "Every node of a cluster needs the same values; this node did not join. " +
            "To change one on purpose, stop every node, then start them with the new value (a killed node counts as running for 30 s).",
            line);
        Assert.Equal(1, await ActiveSilosAsync(first));
        Assert.Equal([$"127.0.0.1:{first.SiloPort}"], await SettingsEntriesAsync());
    }

    [Fact]
    public async Task SecondNodeWithTheSameSettings_Joins_AndItsEntryGoesWhenItStops()
    {
        var first = Node("first");
        var second = Node("second");
        await first.StartAsync();
        await second.StartAsync();

        await Wait.UntilAsync(async () => await ActiveSilosAsync(first) == 2 && await ActiveSilosAsync(second) == 2, "both nodes to see two active silos", TimeSpan.FromSeconds(120));
        Assert.Equal(new[] { $"127.0.0.1:{first.SiloPort}", $"127.0.0.1:{second.SiloPort}" }.Order(StringComparer.Ordinal), (await SettingsEntriesAsync()).Order(StringComparer.Ordinal));

        await second.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([$"127.0.0.1:{first.SiloPort}"], await SettingsEntriesAsync());
    }

    [Fact]
    public async Task MembershipRedisNotAnswering_StopsTheNodeWithExitCode2_AndOneLineNamingIt()
    {
        var nowhere = MosquittoBroker.FreePort();

        var (exitCode, error) = await RunToExitAsync(
            "--Cluster:Mode=Redis", $"--Cluster:Redis=127.0.0.1:{nowhere}", $"--Storage:PostgresConnectionString={_backends.Schema.ConnectionString}");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"Coordination node did not start: the membership Redis at 127.0.0.1:{nowhere} cannot be used (UnableToConnect); " +
            "check Cluster:Redis and Cluster:RedisPasswordFile. This node did not join.", line);
    }

    /// <summary>
    /// As <see cref="NodeProcess.RunToExitAsync"/>, with more patience: on this shared two-core machine under load a node
    /// took over a minute to reach its silo's start.
    /// </summary>
    private static async Task<(int ExitCode, string StandardError)> RunToExitAsync(params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("coordination-mismatch-");
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.FullName, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Coordination.Silo.dll"));
            foreach (var argument in (string[])["--urls=http://127.0.0.1:0", $"--Orleans:SiloPort={MosquittoBroker.FreePort()}", "--DeviceBridge:Enabled=false", .. settings])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The node did not exit within 3 minutes: {await error}");
            }

            await output;
            return (process.ExitCode, await error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private string[] ClusterSettings =>
        _backends.NodeSettings;

    private RunningNode Node(string name) => _backends.Node(name);

    /// <summary>The silo endpoints with a settings entry in Redis.</summary>
    private async Task<List<string>> SettingsEntriesAsync()
    {
        const string Prefix = "coordination/coordination/settings/";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_backends.Redis.Configuration);
        var keys = redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(pattern: Prefix + "*");
        return await keys.Select(key => key.ToString()[Prefix.Length..]).ToListAsync();
    }

    private static async Task<int> ActiveSilosAsync(RunningNode node)
    {
        using var http = new HttpClient();
        var health = await http.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/health");
        return (int?)health?["silo"]?["activeSilos"] ?? 0;
    }
}
