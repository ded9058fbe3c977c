using Orleans;
using Orleans.Storage;

namespace Coordination.Silo.Storage;

/// <summary>Options of the SQLite grain storage (<see cref="SqliteGrainStorage"/>), one set per named provider.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The silo lifecycle stage at which the database is opened: the same stage as Orleans' own storage providers.</summary>
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// The database file, created with its folder on start; a relative path resolves from the working directory.
    /// Default <c>data/coordination.db</c>, today's <c>Storage:SqlitePath</c>. The reminder table may use the same file.
    /// </summary>
    public string DatabasePath { get; set; } = "data/coordination.db";

    /// <summary>
    /// Most writes committed in one transaction (one fsync). Concurrent writes, of any grains, queue and commit
    /// together; each is acknowledged only once its transaction committed. Default 256; at least 1.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Whether <c>ClearStateAsync</c> deletes the row (the ETag becomes null) instead of keeping it with no payload
    /// and a new ETag. Default false, like Orleans' ADO.NET storage.
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>The silo lifecycle stage at which the database is opened. Default <see cref="DefaultInitStage"/>.</summary>
    public int InitStage { get; set; } = DefaultInitStage;

    /// <summary>
    /// How states are turned into bytes. Default: the serializer registered for this provider's name, else the
    /// silo's <see cref="IGrainStorageSerializer"/>.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
