using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Silo.Schema;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// Three node executables in one cluster (membership in a real Redis, everything durable in one PostgreSQL schema)
/// behind nginx, with a fourth that joins later. An Orleans client on the nodes' gateways asks the cluster's
/// management grain where grains are active.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    private ClusterBackends _backends = null!;
    private string _rulesFile = null!;
    private IHost _client = null!;

    /// <summary>The nodes started with the cluster.</summary>
    internal IReadOnlyList<RunningNode> Nodes { get; private set; } = [];

    /// <summary>A node that is not started with the cluster, for a test to have it join.</summary>
    internal RunningNode Joiner { get; private set; } = null!;

    internal NginxServer Nginx { get; private set; } = null!;

    public IManagementGrain Management => _client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    public async Task InitializeAsync()
    {
        _backends = await ClusterBackends.StartAsync();

        _rulesFile = await WriteRulesAsync();
        Nodes = [Node("a"), Node("b"), Node("c")];
        Joiner = Node("d");
        Nginx = await NginxServer.StartAsync([.. Nodes.Select(n => n.Port), Joiner.Port]);
        foreach (var node in Nodes)
        {
            await node.StartAsync(); // one after the other: started together on two cores they starve each other
        }

        await WaitForActiveSilosAsync(Nodes, 3);
        _client = await ConnectClientAsync();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        await Nginx.DisposeAsync();
        await _backends.DisposeAsync(); // and the nodes
        File.Delete(_rulesFile);
    }

    /// <summary>Waits until every node of <paramref name="nodes"/> counts <paramref name="count"/> active silos.</summary>
    internal static Task WaitForActiveSilosAsync(IEnumerable<RunningNode> nodes, int count) =>
        Wait.UntilAsync(async () =>
        {
            foreach (var node in nodes)
            {
                if (await ActiveSilosAsync(node) != count)
                {
                    return false;
                }
            }

            return true;
        }, $"the nodes to see {count} active silos", TimeSpan.FromSeconds(90));

    /// <summary>The silos on which grains of <paramref name="grainType"/> with one of <paramref name="keys"/> are active, per key.</summary>
    public async Task<Dictionary<string, List<SiloAddress>>> ActivationsAsync(string grainType, IReadOnlyCollection<string> keys)
    {
        var statistics = await Management.GetDetailedGrainStatistics();
        return statistics
            .Where(s => s.GrainId.Type.ToString() == grainType && keys.Contains(s.GrainId.Key.ToString()))
            .GroupBy(s => s.GrainId.Key.ToString()!)
            .ToDictionary(g => g.Key, g => g.Select(s => s.SiloAddress).ToList());
    }

    /// <summary>The node whose current run is the silo at <paramref name="silo"/>.</summary>
    internal RunningNode NodeAt(SiloAddress silo) => Nodes.Append(Joiner).Single(n => n.SiloPort == silo.Endpoint.Port);

    private static async Task<int> ActiveSilosAsync(RunningNode node)
    {
        using var http = new HttpClient();
        try
        {
            var health = await http.GetFromJsonAsync<JsonObject>($"{node.BaseUrl}/health");
            return (int?)health?["silo"]?["activeSilos"] ?? 0;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private RunningNode Node(string name)
    {
        return _backends.Node(name,
            $"--Orleans:GatewayPort={MosquittoBroker.FreePort()}", "--Orleans:ReminderPeriod=00:00:10", $"--Courts:0:RulesFile={_rulesFile}",
            "--Logging:LogLevel:Coordination.Silo.Runtime.NodeAnnouncement=Information",
            "--Limits:RequestsPerMinute=100000"); // the tests poll as fast as the nodes answer
    }

    /// <summary>The statutory rules, but a case's judge must be assigned within a day, upcoming from the filing day: a filed case's first tier is warned at once.</summary>
    private static async Task<string> WriteRulesAsync()
    {
        var rules = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(MosquittoBroker.RepositoryRoot(), "deploy", "courts", "deadline-rules.json")))!;
        var assign = rules["rules"]!.AsArray().Single(r => (string?)r!["id"] == "assign-judge")!;
        assign["days"] = 1;
        assign["leadDays"] = 1;
        var path = Path.Combine(Path.GetTempPath(), $"coordination-rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, rules.ToJsonString());
        return path;
    }

    private async Task<IHost> ConnectClientAsync()
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(redis => redis.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(_backends.Redis.Configuration))
                .Configure<ClusterOptions>(ids => (ids.ClusterId, ids.ServiceId) = ("coordination", "coordination")))
            .Build();
        await host.StartAsync();
        return host;
    }
}
