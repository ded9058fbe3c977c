using System.Globalization;
using Coordination.Testing;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// Issue 18: node executables in one cluster (see <see cref="BenchCluster"/>) on this machine. value: HTTP requests
/// per second (2xx) through nginx with three nodes; baseline: the same load through nginx in front of one node
/// (<see cref="HttpLoad"/>). Also GPS messages applied per second with one node and with three
/// (<see cref="TelemetryLoad"/>), each phase's CPU per node process (percent of one core), and the failover time from a
/// SIGKILL to the first successful call on a survivor (<see cref="Failover"/>) over five kills (two with --quick).
/// Everything runs on the same cores, the bench's own callers and publisher included: three nodes do not add cores.
/// </summary>
internal static class ClusterScenario
{
    private const int SeedCases = 50;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var kills = quick ? 2 : 5;
        var measuredFor = TimeSpan.FromSeconds(quick ? 8 : 20);
        var loadAtStart = LoadAverage();
        var devices = new BenchDevices();
        var phases = new List<PhaseResult>();

        Measure.Report($"cluster: load average {loadAtStart:0.0} on {Environment.ProcessorCount} cores; starting Redis, PostgreSQL schema, mosquitto and node-1");
        await using var cluster = await BenchCluster.StartServersAsync(BenchDevices.Settings);
        try
        {
            var first = await cluster.AddNodeAsync();
            var callers = await Callers.MakeAsync(first);
            using var chief = Callers.ClientAs(callers.Chief, TimeSpan.FromSeconds(10));
            await cluster.WaitForSlotsSharedAsync(chief);
            var readable = new HashSet<string>();
            for (var i = 0; i < SeedCases; i++)
            {
                readable.Add(await callers.FileAndAssignAsync(first.BaseUrl));
            }

            using var publisher = await cluster.Broker.ConnectAsSimulatorAsync("bench-cluster-devices");
            phases.AddRange(await MeasureNodesAsync(cluster, callers, chief, publisher, devices, [.. readable], measuredFor));

            Measure.Report("cluster: starting node-2 and node-3");
            await cluster.AddNodeAsync();
            await cluster.AddNodeAsync();
            await cluster.WaitForSlotsSharedAsync(chief);
            phases.AddRange(await MeasureNodesAsync(cluster, callers, chief, publisher, devices, [.. readable], measuredFor));

            await using var orleans = await BenchOrleansClient.ConnectAsync(cluster.Redis.Configuration);
            var failovers = new List<double>();
            for (var k = 0; k < kills; k++)
            {
                var victim = cluster.Nodes[k % cluster.Nodes.Count];
                var survivor = cluster.Nodes[(k + 1) % cluster.Nodes.Count];
                failovers.Add(await Failover.KillAndMeasureAsync(cluster, orleans, callers, readable, victim, survivor));
            }

            return Result(phases, failovers, loadAtStart, LoadAverage());
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Logs}", e);
        }
    }

    /// <summary>The HTTP load through nginx in front of every running node, then the telemetry load, each with the nodes' CPU.</summary>
    private static async Task<PhaseResult[]> MeasureNodesAsync(
        BenchCluster cluster, Callers callers, HttpClient chief, MQTTnet.IMqttClient publisher, BenchDevices devices, IReadOnlyList<string> cases, TimeSpan measuredFor)
    {
        var nodes = cluster.Nodes.Count;
        var nginx = await cluster.PutNginxInFrontAsync();
        PhaseResult http;
        await using (var load = HttpLoad.Start(callers, nginx.BaseUrl, cases))
        {
            await Task.Delay(Warmup);
            var (before, cpu) = (load.Counts, CpuWindow.Open(Processes(cluster)));
            load.StartRecording();
            await Task.Delay(measuredFor);
            var (after, percents, latencies) = (load.Counts, cpu.Close(), load.StopRecording());
            http = new PhaseResult("http", nodes, after.SucceededPerSecondSince(before), percents)
            {
                Errors = (after.Refused - before.Refused) + (after.Failed - before.Failed),
                FiledPerSecond = after.FiledPerSecondSince(before),
                P50Ms = Measure.Percentile(latencies, 50),
                P99Ms = Measure.Percentile(latencies, 99),
            };
        }

        Measure.Report($"cluster: {nodes} node(s), HTTP through nginx, {HttpLoad.Concurrency} callers ({HttpLoad.Filers} filing) for {measuredFor.TotalSeconds:0} s: " +
            $"{http.Rate:N0} 2xx/s, {http.FiledPerSecond:N1} of them filings (p50 {http.P50Ms:N1} ms, p99 {http.P99Ms:N1} ms, {http.Errors} refused or failed); CPU {Describe(http.Cpu)}");

        PhaseResult telemetry;
        await using (var load = await TelemetryLoad.StartAsync(publisher, devices, () => cluster.AppliedMessagesAsync(chief)))
        {
            await Task.Delay(Warmup);
            var (before, cpu) = (load.Applied, CpuWindow.Open(Processes(cluster)));
            await Task.Delay(measuredFor);
            var (after, percents) = (load.Applied, cpu.Close());
            telemetry = new PhaseResult("telemetry", nodes, after.PerSecondSince(before), percents);
            await load.StopAndDrainAsync(DrainLimit);
        }

        Measure.Report($"cluster: {nodes} node(s), GPS QoS 1 from {BenchDevices.Count} trackers for {measuredFor.TotalSeconds:0} s: {telemetry.Rate:N0} applied/s; CPU {Describe(telemetry.Cpu)}");
        return [http, telemetry];
    }

    private static IEnumerable<(string Name, int ProcessId)> Processes(BenchCluster cluster) =>
        [.. cluster.Nodes.Select(n => (n.Name, cluster.ProcessIdOf(n))), ("bench", Environment.ProcessId)];

    private static string Describe(List<(string Name, double Percent)> cpu) => string.Join(", ", cpu.Select(c => $"{c.Name} {c.Percent:0}%"));

    private static BenchResult Result(List<PhaseResult> phases, List<double> failovers, double loadAtStart, double loadAtEnd)
    {
        var http1 = phases.Single(p => p is { Kind: "http", Nodes: 1 });
        var http3 = phases.Single(p => p is { Kind: "http", Nodes: 3 });
        failovers.Sort();
        Measure.Report($"cluster: failover over {failovers.Count} kills: {string.Join(", ", failovers.Select(f => f.ToString("0.00", CultureInfo.InvariantCulture)))} s; " +
            $"load average {loadAtStart:0.0} at the start, {loadAtEnd:0.0} at the end, {Environment.ProcessorCount} cores");
        var result = new BenchResult("cluster", "HTTP requests per second (2xx) through nginx, 3 nodes against 1 node", "req/s", http3.Rate, http1.Rate)
            .With("failover_p50_s", Measure.Percentile(failovers, 50))
            .With("failover_max_s", failovers[^1])
            .With("kills", failovers.Count);
        foreach (var phase in phases)
        {
            phase.AddTo(result);
        }

        foreach (var (name, percent) in http3.Cpu)
        {
            result.With($"cpu_{name.Replace('-', '_')}_pct", percent);
        }

        return result
            .With("http_callers", HttpLoad.Concurrency)
            .With("http_filing_callers", HttpLoad.Filers)
            .With("telemetry_devices", BenchDevices.Count)
            .With("cores", Environment.ProcessorCount)
            .With("load_avg_start", loadAtStart)
            .With("load_avg_end", loadAtEnd);
    }

    /// <summary>The machine's one-minute load average (/proc/loadavg).</summary>
    private static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
