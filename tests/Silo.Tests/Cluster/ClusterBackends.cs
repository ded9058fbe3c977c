using Coordination.Silo.Schema;
using Coordination.Silo.Tests.Providers;
using Coordination.Testing;
using Npgsql;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>What the nodes of a test cluster share: a real Redis for membership and a scratch PostgreSQL schema with the node's schema applied.</summary>
internal sealed class ClusterBackends : IAsyncDisposable
{
    private ClusterBackends(RedisServer redis, ScratchSchema schema) => (Redis, Schema) = (redis, schema);

    public RedisServer Redis { get; }

    public ScratchSchema Schema { get; }

    /// <summary>
    /// The scratch schema with connection pooling, as a deployment has it: the scratch connection string turns pooling
    /// off (so that dropping the schema finds no idle connection), and without a pool every group commit opens a new
    /// server connection and prepares its statements again.
    /// </summary>
    public string PooledConnectionString => new NpgsqlConnectionStringBuilder(Schema.ConnectionString) { Pooling = true }.ConnectionString;

    /// <summary>The settings that put a node in this cluster, on the scratch schema's own (unpooled) connection string.</summary>
    public string[] NodeSettings => NodeSettingsOn(Schema.ConnectionString);

    /// <summary>The settings that put a node in this cluster, reaching the database with <paramref name="connectionString"/>.</summary>
    public string[] NodeSettingsOn(string connectionString) =>
        ["--Cluster:Mode=Redis", $"--Cluster:Redis={Redis.Configuration}", $"--Storage:PostgresConnectionString={connectionString}"];

    public static async Task<ClusterBackends> StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        var schema = await ScratchSchema.CreateAsync();
        await using (var dataSource = NpgsqlDataSource.Create(schema.ConnectionString))
        {
            await PostgresSchemaScripts.ApplyAllAsync(dataSource);
        }

        return new ClusterBackends(redis, schema);
    }

    public async ValueTask DisposeAsync()
    {
        await Schema.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
