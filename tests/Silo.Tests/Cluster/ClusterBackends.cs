using Coordination.Testing;
using Npgsql;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// What the nodes of a test cluster share: a real Redis for membership and a scratch PostgreSQL schema with the node's
/// schema applied; and the nodes made with <see cref="Node"/>, disposed (killed if still running) before them.
/// </summary>
internal sealed class ClusterBackends : IAsyncDisposable
{
    private readonly List<RunningNode> _nodes = [];

    private ClusterBackends(RedisServer redis, ScratchSchema schema) => (Redis, Schema) = (redis, schema);

    public RedisServer Redis { get; }

    public ScratchSchema Schema { get; }

    /// <summary>The nodes made with <see cref="Node"/>, in that order.</summary>
    public IReadOnlyList<RunningNode> Nodes => _nodes;

    /// <summary>
    /// The settings that put a node in this cluster. Its connection string is the scratch schema's with pooling on, as a
    /// deployment has it (the scratch string turns pooling off for the test's own connections, so that none stays idle
    /// after the schema is dropped), and a pool small enough for every node of the suite's clusters together to stay
    /// within deploy/postgres.sh's 200 connections.
    /// </summary>
    public string[] NodeSettings =>
    [
        "--Cluster:Mode=Redis", $"--Cluster:Redis={Redis.Configuration}",
        $"--Storage:PostgresConnectionString={new NpgsqlConnectionStringBuilder(Schema.ConnectionString) { Pooling = true, MaxPoolSize = 12 }}",
    ];

    /// <summary>A node of this cluster, not started yet: <see cref="NodeSettings"/>, then <paramref name="settings"/>.</summary>
    public RunningNode Node(string name, params string[] settings)
    {
        var node = new RunningNode(name, MosquittoBroker.FreePort(), [.. NodeSettings, .. settings]);
        _nodes.Add(node);
        return node;
    }

    public static async Task<ClusterBackends> StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        var schema = await ScratchSchema.CreateAsync();
        await schema.ApplyScriptsAsync();

        return new ClusterBackends(redis, schema);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Schema.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
