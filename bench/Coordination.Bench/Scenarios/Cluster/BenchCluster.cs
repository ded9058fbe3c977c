using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// Node executables in one cluster, started as the cluster tests start them (tests/Silo.Tests/Cluster): Redis
/// membership, one scratch PostgreSQL schema, the device bridge on one mosquitto with <see cref="Slots"/> slots leased
/// between the nodes, one signing key; each node with a gateway port of its own for the bench's Orleans client. Nodes
/// start one after the other (together they starve each other on two cores). Everything is stopped on dispose.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    /// <summary>Two bridge slots per node of the three-node cluster; the single node holds all of them.</summary>
    public const int Slots = 6;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly List<RunningNode> _nodes = [];
    private readonly Dictionary<RunningNode, int> _gatewayPorts = [];
    private readonly Dictionary<RunningNode, int> _processIds = [];
    private readonly string[] _extraSettings;
    private NginxServer? _nginx;

    private BenchCluster(RedisServer redis, ScratchSchema schema, MosquittoBroker broker, string[] extraSettings)
    {
        Redis = redis;
        Schema = schema;
        Broker = broker;
        _extraSettings = extraSettings;
    }

    public RedisServer Redis { get; }

    public ScratchSchema Schema { get; }

    public MosquittoBroker Broker { get; }

    /// <summary>Every node started so far, in order.</summary>
    public IReadOnlyList<RunningNode> Nodes => _nodes;

    /// <summary>nginx in front of the running nodes (after <see cref="PutNginxInFrontAsync"/>).</summary>
    public NginxServer Nginx => _nginx ?? throw new InvalidOperationException("No nginx started.");

    /// <summary>Starts Redis, a scratch schema with the node's tables, and mosquitto; the nodes get <paramref name="extraSettings"/> too.</summary>
    public static async Task<BenchCluster> StartServersAsync(params string[] extraSettings)
    {
        var redis = await RedisServer.StartAsync();
        var schema = await ScratchSchema.CreateAsync();
        await schema.ApplyScriptsAsync();

        return new BenchCluster(redis, schema, await MosquittoBroker.StartAsync(), extraSettings);
    }

    /// <summary>Starts one more node and waits until every node sees them all and the bridge slots are shared out evenly.</summary>
    public async Task<RunningNode> AddNodeAsync()
    {
        var gatewayPort = MosquittoBroker.FreePort();
        var node = new RunningNode($"node-{_nodes.Count + 1}", MosquittoBroker.FreePort(), [
            "--Cluster:Mode=Redis", $"--Cluster:Redis={Redis.Configuration}", $"--Storage:PostgresConnectionString={Schema.ConnectionString}",
            $"--Orleans:GatewayPort={gatewayPort.ToString(CultureInfo.InvariantCulture)}",
            "--DeviceBridge:Enabled=true", $"--DeviceBridge:Port={Broker.Port}", $"--DeviceBridge:PasswordFile={Broker.BridgePasswordFile}",
            $"--DeviceBridge:Slots={Slots}", "--DeviceBridge:MaxPendingDeliveries=200", // as BridgeClusterTests: within Orleans' 15 s response timeout on two loaded cores
            "--Limits:RequestsPerMinute=100000", .. _extraSettings]);
        _nodes.Add(node);
        _gatewayPorts[node] = gatewayPort;
        await StartAsync(node);
        return node;
    }

    /// <summary>Starts <paramref name="node"/> (again, after a kill) and waits until the cluster is whole and the slots are shared out.</summary>
    public async Task StartAsync(RunningNode node)
    {
        try
        {
            await node.StartAsync();
        }
        catch (TimeoutException)
        {
            // The launcher waits 60 s for /health; under the load of this shared machine a start has taken longer.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await PollUntilAsync(() => AnswersHealthAsync(http, node), $"{node.Name} to answer /health");
        }

        _processIds[node] = ProcessCpu.FindNode(node.SiloPort);
        await WaitUntilWholeAsync();
    }

    /// <summary>The node's process id in its current run.</summary>
    public int ProcessIdOf(RunningNode node) => _processIds[node];

    /// <summary>The gateway ports of all nodes, for the Orleans client.</summary>
    public IEnumerable<int> GatewayPorts => _gatewayPorts.Values;

    /// <summary>Every node says <c>silo.activeSilos</c> is the node count, and each holds its share of connected slots.</summary>
    public async Task WaitUntilWholeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await PollUntilAsync(async () =>
        {
            foreach (var node in _nodes)
            {
                if (await ActiveSilosAsync(http, node) != _nodes.Count)
                {
                    return false;
                }
            }

            return true;
        }, $"every node to see {_nodes.Count} active silos");
    }

    /// <summary>Waits until every node holds <see cref="Slots"/>/nodes connected slots (asked as <paramref name="chief"/>).</summary>
    public async Task WaitForSlotsSharedAsync(HttpClient chief)
    {
        await PollUntilAsync(async () =>
        {
            foreach (var node in _nodes)
            {
                if (await ConnectedSlotsAsync(chief, node) != Slots / _nodes.Count)
                {
                    return false;
                }
            }

            return true;
        }, $"each of {_nodes.Count} nodes to hold {Slots / _nodes.Count} connected bridge slots");
    }

    /// <summary>Messages the nodes' bridges have had applied by the device grains since each node's start (asked as <paramref name="chief"/>).</summary>
    public async Task<long> AppliedMessagesAsync(HttpClient chief)
    {
        var applied = 0L;
        foreach (var node in _nodes)
        {
            var status = await chief.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/device-bridge/status");
            applied += (long?)status?["accepted"] ?? 0;
        }

        return applied;
    }

    /// <summary>Starts nginx (deploy/nginx.sh, round robin) in front of every node, replacing the one before.</summary>
    public async Task<NginxServer> PutNginxInFrontAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        return _nginx = await NginxServer.StartAsync([.. _nodes.Select(n => n.Port)]);
    }

    /// <summary>The last lines of every node's log, for a failure message.</summary>
    public string Logs => string.Join('\n', _nodes.Select(n => $"--- {n.Name}:\n{n.Log}"));

    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Broker.DisposeAsync();
        await Schema.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>Polls at most every 250 ms: each look asks every node.</summary>
    private static Task PollUntilAsync(Func<Task<bool>> condition, string what) => Wait.UntilAsync(async () =>
    {
        if (await condition())
        {
            return true;
        }

        await Task.Delay(250);
        return false;
    }, what, Patience);

    private static async Task<bool> AnswersHealthAsync(HttpClient http, RunningNode node)
    {
        try
        {
            using var response = await http.GetAsync($"{node.BaseUrl}/health");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<int> ActiveSilosAsync(HttpClient http, RunningNode node)
    {
        try
        {
            var health = await http.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/health");
            return (int?)health?["silo"]?["activeSilos"] ?? 0;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private static async Task<int> ConnectedSlotsAsync(HttpClient chief, RunningNode node)
    {
        try
        {
            var status = await chief.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/device-bridge/status");
            return status?["slots"]?.AsArray().Count(s => (bool?)s?["connected"] == true) ?? 0;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
