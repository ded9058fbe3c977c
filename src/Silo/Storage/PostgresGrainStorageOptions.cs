using Orleans;
using Orleans.Storage;

namespace Coordination.Silo.Storage;

/// <summary>Options of the PostgreSQL grain storage (<see cref="PostgresGrainStorage"/>), one set per named provider.</summary>
public sealed class PostgresGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The silo lifecycle stage at which the storage connects: the same stage as Orleans' own storage providers.</summary>
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// The Npgsql connection string of the database holding <c>orleans_grain_state</c> (deploy/sql/postgres, applied by
    /// <c>deploy/postgres.sh</c> or the node's <c>apply-schema</c> verb). No default: required. The node takes it from
    /// <c>Storage:PostgresConnectionString</c>. Its <c>Maximum Pool Size</c> (Npgsql's default 100) must exceed
    /// <see cref="ConcurrentCommits"/>, so that reads always find a connection.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Most writes committed in one transaction. Concurrent writes, of any grains, queue and go to the server as one
    /// batch; each is acknowledged only once its transaction committed. Default 256, today's <c>Storage:MaxBatchSize</c>; at least 1.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Batches committing at once, each on its own pooled connection: while some wait for the server's WAL flush,
    /// the next batch gathers. Default 4, today's <c>Storage:PostgresConcurrentCommits</c>; at least 1.
    /// </summary>
    public int ConcurrentCommits { get; set; } = 4;

    /// <summary>
    /// Whether <c>ClearStateAsync</c> deletes the row (the ETag becomes null) instead of keeping it with no payload and
    /// a new ETag. Default false, like Orleans' ADO.NET storage.
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>The silo lifecycle stage at which the storage connects. Default <see cref="DefaultInitStage"/>.</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>
    /// How states are turned into bytes. Default: the serializer registered for this provider's name, else the
    /// silo's <see cref="IGrainStorageSerializer"/>.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
