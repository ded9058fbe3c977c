using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Devices;
using Coordination.Silo.Schema;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// Three node executables behind the project's nginx, each running the device bridge, restarted one after the other
/// with SIGTERM under steady telemetry and HTTP load (needs redis-server, the test PostgreSQL, mosquitto and nginx).
/// Afterwards every write answered 2xx reads back through the API, every telemetry message was applied exactly once
/// (from the device grains' stored states), and the failed requests are reported by outcome and bounded.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
[Trait("Category", "Mosquitto")]
[Collection(nameof(RedisClusterTests))]
public sealed class RollingRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Slots = 6;
    private const int TelemetryPerSecond = 500;
    private const int MaxTelemetryBacklog = 2_000; // published but not yet applied: the publisher holds back beyond it
    private const int RequestsPerSecond = 50;
    // The goal is none. On the shared two-core machine 10 of 10,886 failed over three restarts: POSTs whose grain call
    // was forwarded to the silo that was stopping (503; nginx retries only idempotent methods), calls timed out in the
    // stopping node's last seconds (503), and two 500s from a version conflict on a case's state after a restart (an
    // activation that outlived the change of membership). Since the other nodes evict their cache entries for a leaving
    // silo and it waits before refusing calls (LeavingSiloCacheEviction, StopForwardingDrain), no 503 so far; the 500 remains.
    private const int MaxFailedRequests = 20;
    private const int Cases = 40; // threads stay short: each read of one answers all its messages
    private const int SteadyRequests = RequestsPerSecond * 10; // ten seconds of load between restarts
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);

    private const int ExtraTrackersPerTeam = 4;
    private static readonly string[] Teams = ["SH01-T1", "SH01-T2", "SH02-T1", "SH02-T2"];

    /// <summary>
    /// The sample field teams' devices of appsettings.json and <see cref="ExtraTrackersPerTeam"/> more GPS trackers per
    /// team (<see cref="ExtraTrackerSettings"/>): a device applies its messages one at a time, each after its team's call
    /// and its durable write, so the eight sample devices alone cap what the cluster applies.
    /// </summary>
    private static readonly string[] Devices =
        [.. from team in Teams from kind in new[] { "gps", "cam" } select $"{team}-{kind}", .. from team in Teams from n in Enumerable.Range(1, ExtraTrackersPerTeam) select $"{team}-gps{n}"];

    /// <summary>The node's grain state format: Orleans' binary serializer over the grains' generated codecs.</summary>
    private static readonly OrleansGrainStorageSerializer StoredStates = new(new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(DeviceState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>());

    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private ClusterBackends _backends = null!;
    private MosquittoBroker _broker = null!;
    private NginxServer? _nginx;
    private HttpClient _chief = null!;

    public async Task InitializeAsync()
    {
        _backends = await ClusterBackends.StartAsync();
        _broker = await MosquittoBroker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _chief?.Dispose();
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        foreach (var node in _backends.Nodes)
        {
            foreach (var line in node.Log.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)))
            {
                output.WriteLine($"{node.Name}: {line}");
            }
        }

        await _broker.DisposeAsync();
        await _backends.DisposeAsync();
    }

    [Fact]
    public async Task EachNodeRestartedGracefullyUnderLoad_LosesNoAcknowledgedWrite_AndAppliesEveryMessageOnce()
    {
        var nodes = new[] { Node("a"), Node("b"), Node("c") };
        foreach (var node in nodes)
        {
            await node.StartAsync();
        }

        _chief = await nodes[0].ClientForAsync("chief-zhao");
        await WaitForAsync(() => ClusterReadyAsync(nodes), "three active silos, every slot held and connected, each node holding some");
        _nginx = await NginxServer.StartAsync([.. nodes.Select(n => n.Port)]);
        using var judge = await ThroughNginxAsync(nodes[0], "judge-wang");
        var cases = await FileCasesAsync(nodes[0], judge);
        Log($"cluster up ({string.Join(", ", nodes.Select(n => $"{n.Name} on port {n.Port}"))}), {Cases} cases filed; slots {Describe(await HeldSlotsAsync(nodes))}");

        using var publisher = await _broker.ConnectAsSimulatorAsync("rolling-restart-publisher");
        var telemetry = new PacedTelemetry(publisher, Devices, TelemetryPerSecond, MaxTelemetryBacklog);
        var http = new PacedHttpLoad(judge, cases, RequestsPerSecond);
        using var stopLoad = new CancellationTokenSource();
        var loadStarted = _elapsed.Elapsed;
        var publishing = Task.Run(() => telemetry.RunAsync(stopLoad.Token));
        var requesting = Task.Run(() => http.RunAsync(stopLoad.Token));
        var watching = WatchAppliedAsync(telemetry, stopLoad.Token);

        var restarts = new List<string>();
        try
        {
            await SteadyLoadAsync(telemetry, http, "before the first restart");
            foreach (var node in nodes)
            {
                restarts.Add(await RestartAsync(node, nodes, http));
                await SteadyLoadAsync(telemetry, http, $"after restarting {node.Name}");
            }
        }
        finally
        {
            await stopLoad.CancelAsync();
            await Task.WhenAll(publishing, requesting, watching);
            ReportFailures(http, loadStarted);
        }

        var loadTime = _elapsed.Elapsed - loadStarted;
        var appliedAtEnd = (await DeviceStatesAsync()).Sum(d => d.Accepted);
        Log($"load stopped after {loadTime.TotalSeconds:0.0} s: published {telemetry.Published} ({telemetry.Published / loadTime.TotalSeconds:0} msg/s), applied {appliedAtEnd} " +
            $"({appliedAtEnd / loadTime.TotalSeconds:0} msg/s); {http.Sent} requests ({http.Sent / loadTime.TotalSeconds:0.0}/s), {http.Succeeded} succeeded, {http.Failed.Count} failed");

        await AssertEveryMessageAppliedOnceAsync(telemetry);
        var lost = await LostWritesAsync(judge, http.Acknowledged);
        Log($"acknowledged writes: {http.Acknowledged.Count}, lost: {lost.Count}; restarts: {string.Join("; ", restarts)}");
        Assert.Empty(lost);
        Assert.True(http.Failed.Count <= MaxFailedRequests, $"{http.Failed.Count} of {http.Sent} requests failed (see the output), more than {MaxFailedRequests}.");
    }

    /// <summary>Tells the publisher how many messages the cluster has applied, four times a second, until the load stops.</summary>
    private async Task WatchAppliedAsync(PacedTelemetry telemetry, CancellationToken stop)
    {
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (!stop.IsCancellationRequested)
        {
            telemetry.Applied = (await DeviceStatesAsync()).Sum(d => d.Accepted);
            await period.WaitForNextTickAsync(CancellationToken.None);
        }
    }

    /// <summary>The failed requests by outcome: how many, when the first and last ended (on the test's clock), and which requests.</summary>
    private void ReportFailures(PacedHttpLoad http, TimeSpan loadStarted)
    {
        foreach (var failure in http.Failed.GroupBy(f => f.Outcome))
        {
            var requests = string.Join(", ", failure.GroupBy(f => f.Request.Split(' ')[0]).Select(byMethod => $"{byMethod.Count()} {byMethod.Key}"));
            Log($"failed {failure.Count()}x ({requests}) between {(loadStarted + failure.First().At).TotalSeconds:0.0} s and {(loadStarted + failure.Last().At).TotalSeconds:0.0} s: {failure.Key}");
            foreach (var request in failure.Take(MaxFailedRequests))
            {
                Log($"  at {(loadStarted + request.At).TotalSeconds:0.0} s {request.Request}: {(request.Detail?.Length > 300 ? request.Detail[..300] : request.Detail)}");
            }
        }
    }

    /// <summary>Stops the node with SIGTERM, starts it again and waits until the cluster is whole; describes how long each part took.</summary>
    private async Task<string> RestartAsync(RunningNode node, RunningNode[] nodes, PacedHttpLoad http)
    {
        Log($"SIGTERM to {node.Name}");
        var stopped = await node.TerminateAsync(StopLimit);
        Assert.Equal(0, node.ExitCode);
        Log($"{node.Name} exited after {stopped.TotalSeconds:0.0} s; starting it again");
        foreach (var line in node.Log.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)).Take(3))
        {
            Log($"  {node.Name} logged: {(line.Length > 400 ? line[..400] : line)}");
        }

        var started = Stopwatch.StartNew();
        try
        {
            await node.StartAsync();
        }
        catch (TimeoutException slow)
        {
            // The process goes on starting; the wait for the whole cluster below has a limit of its own.
            Log($"{node.Name}: {slow.Message}");
        }

        var answering = started.Elapsed;
        await WaitForAsync(() => ClusterReadyAsync(nodes), $"the cluster whole again after restarting {node.Name}", limitSeconds: 120);
        Log($"{node.Name} answered /health {answering.TotalSeconds:0.0} s after its start, cluster whole after {started.Elapsed.TotalSeconds:0.0} s; " +
            $"slots {Describe(await HeldSlotsAsync(nodes))}; failed requests so far {http.Failed.Count}");
        return $"{node.Name}: stop {stopped.TotalSeconds:0.0} s, start to /health {answering.TotalSeconds:0.0} s, to whole {started.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>Lets <see cref="SteadyRequests"/> more requests go out with the cluster whole, and reports what was applied meanwhile.</summary>
    private async Task SteadyLoadAsync(PacedTelemetry telemetry, PacedHttpLoad http, string when)
    {
        var (published, applied, sent) = (telemetry.Published, (await DeviceStatesAsync()).Sum(d => d.Accepted), http.Sent);
        var elapsed = Stopwatch.StartNew();
        await Wait.UntilAsync(() => http.Sent >= sent + SteadyRequests, $"{SteadyRequests} more requests {when}", TimeSpan.FromSeconds(60));
        var appliedNow = (await DeviceStatesAsync()).Sum(d => d.Accepted);
        var seconds = elapsed.Elapsed.TotalSeconds;
        Log($"steady load {when}: published {(telemetry.Published - published) / seconds:0} msg/s, applied {(appliedNow - applied) / seconds:0} msg/s " +
            $"(backlog {telemetry.Published - appliedNow}), requests {(http.Sent - sent) / seconds:0.0}/s, failed so far {http.Failed.Count}");
    }

    private RunningNode Node(string name) => _backends.Node(name, [
        "--DeviceBridge:Enabled=true", $"--DeviceBridge:Port={_broker.Port}", $"--DeviceBridge:PasswordFile={_broker.BridgePasswordFile}", $"--DeviceBridge:Slots={Slots}",
        "--Limits:RequestsPerMinute=100000", .. ExtraTrackerSettings]);

    /// <summary>The extra trackers, after the two sample devices of each team in appsettings.json.</summary>
    private static IEnumerable<string> ExtraTrackerSettings =>
        from t in Enumerable.Range(0, Teams.Length)
        from n in Enumerable.Range(1, ExtraTrackersPerTeam)
        from setting in new[] { $"--FieldTeams:{t}:Devices:{n + 1}:Id={Teams[t]}-gps{n}", $"--FieldTeams:{t}:Devices:{n + 1}:Kind=GpsTracker" }
        select setting;

    /// <summary>A client through nginx with the bearer token of <paramref name="userId"/>.</summary>
    private async Task<HttpClient> ThroughNginxAsync(RunningNode node, string userId)
    {
        var client = await node.ClientForAsync(userId, _nginx!.BaseUrl);
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    /// <summary>Files <see cref="Cases"/> cases in SH01 as clerk-li, assigned to judge-wang by chief-zhao (through nginx).</summary>
    private async Task<List<string>> FileCasesAsync(RunningNode node, HttpClient judge)
    {
        using var clerk = await ThroughNginxAsync(node, "clerk-li");
        using var chief = await ThroughNginxAsync(node, "chief-zhao");
        var cases = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..8]}";
            (await clerk.PostAsJsonAsync("/cases", RunningNode.Filing(caseNumber))).EnsureSuccessStatusCode();
            (await chief.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
            (await judge.GetAsync($"/cases/{caseNumber}/messages")).EnsureSuccessStatusCode();
            cases.Add(caseNumber);
        }

        return cases;
    }

    /// <summary>The acknowledged posts missing from their threads, read back through nginx.</summary>
    private static async Task<List<AcknowledgedPost>> LostWritesAsync(HttpClient judge, IEnumerable<AcknowledgedPost> acknowledged)
    {
        var lost = new List<AcknowledgedPost>();
        foreach (var thread in acknowledged.GroupBy(a => a.CaseNumber))
        {
            var view = await judge.GetFromJsonAsync<JsonObject>($"/cases/{thread.Key}/messages");
            var texts = view!["messages"]!.AsArray().Select(m => (string?)m!["text"]).ToHashSet();
            lost.AddRange(thread.Where(post => !texts.Contains(post.Text)));
        }

        return lost;
    }

    /// <summary>Every device applied each of its messages once (none missing, none applied twice), its last one included.</summary>
    private async Task AssertEveryMessageAppliedOnceAsync(PacedTelemetry telemetry)
    {
        var drained = Stopwatch.StartNew();
        await WaitForAsync(async () => (await DeviceStatesAsync()).Sum(d => d.Accepted) == telemetry.Published, "every message to be applied");
        await WaitForAsync(async () => (await DeviceStatesAsync()).All(d => d.Highest == telemetry.PerDevice), "every device's last message");
        var states = await DeviceStatesAsync();
        Assert.Equal(Devices.Length, states.Count);
        Assert.All(states, d => Assert.Equal((telemetry.PerDevice, telemetry.PerDevice), (d.Accepted, d.Highest)));
        Log($"every one of {telemetry.Published} messages applied once, {drained.Elapsed.TotalSeconds:0.0} s after the load stopped; redelivered and recognised as duplicates: {states.Sum(d => d.Duplicates)}");
    }

    /// <summary>Every node counts three active silos, and the six slots are held and connected, each node holding some.</summary>
    private async Task<bool> ClusterReadyAsync(RunningNode[] nodes)
    {
        foreach (var node in nodes)
        {
            if (await ActiveSilosAsync(node) != nodes.Length)
            {
                return false;
            }
        }

        var held = await HeldSlotsAsync(nodes);
        return held.Count(s => s.Connected) == Slots && held.Select(s => s.Slot).Distinct().Count() == Slots && held.Select(s => s.Node).Distinct().Count() == nodes.Length;
    }

    private async Task<int> ActiveSilosAsync(RunningNode node)
    {
        try
        {
            return (int?)(await _chief.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/health"))?["silo"]?["activeSilos"] ?? 0;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>The slots each node says it holds on <c>/device-bridge/status</c>; a node that does not answer holds none.</summary>
    private async Task<List<(string Node, int Slot, bool Connected)>> HeldSlotsAsync(IEnumerable<RunningNode> nodes)
    {
        var held = new List<(string, int, bool)>();
        foreach (var node in nodes)
        {
            try
            {
                var status = await _chief.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/device-bridge/status");
                held.AddRange(status!["slots"]!.AsArray().Select(s => (node.Name, (int)s!["slot"]!, (bool)s["connected"]!)));
            }
            catch (HttpRequestException)
            {
            }
        }

        return held;
    }

    private static string Describe(IEnumerable<(string Node, int Slot, bool Connected)> held) =>
        string.Join(", ", held.GroupBy(h => h.Node).Select(g => $"{g.Key}: {string.Join(' ', g.Select(h => h.Slot))}"));

    /// <summary>The devices' stored states, read straight from the cluster's PostgreSQL schema and decoded as the node's grain storage wrote them.</summary>
    private async Task<List<(long Accepted, long Highest, long Duplicates)>> DeviceStatesAsync()
    {
        await using var connection = new NpgsqlConnection(_backends.Schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload FROM orleans_grain_state WHERE grain_type = 'device' AND payload IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var states = new List<(long, long, long)>();
        while (await reader.ReadAsync())
        {
            var state = StoredStates.Deserialize<DeviceState>(new BinaryData((byte[])reader.GetValue(0)))!;
            states.Add((state.Accepted, state.Delivered.Highest, state.Duplicates));
        }

        return states;
    }

    private void Log(string line) => output.WriteLine($"{_elapsed.Elapsed.TotalSeconds,6:0.0} s  {line}");

    private async Task WaitForAsync(Func<Task<bool>> condition, string what, int limitSeconds = 60)
    {
        var last = Stopwatch.StartNew();
        try
        {
            // Polled at most every 200 ms: each look reads the database or asks every node.
            await Wait.UntilAsync(async () =>
            {
                if (last.ElapsedMilliseconds < 200)
                {
                    return false;
                }

                last.Restart();
                return await condition();
            }, what, TimeSpan.FromSeconds(limitSeconds));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}. Devices (accepted, highest, duplicates): {string.Join(", ", await DeviceStatesAsync())}; " +
                $"slots: {Describe(await HeldSlotsAsync(_backends.Nodes))}", timeout);
        }
    }
}
