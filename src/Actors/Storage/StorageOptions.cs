namespace Coordination.Actors.Storage;

/// <summary>Where grain state and reminders are kept. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// PostgreSQL connection string. When set, PostgreSQL is used instead of SQLite.
    /// Default: none (SQLite).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The SQLite database file, created with its folder on start. Default <c>data/coordination.db</c>.</summary>
    public string SqlitePath { get; set; } = "data/coordination.db";

    /// <summary>Most writes committed in one transaction. Default 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>PostgreSQL batches committing at once, each on its own pooled connection. Default 4.</summary>
    public int PostgresConcurrentCommits { get; set; } = 4;

    /// <summary>True when PostgreSQL is configured.</summary>
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
