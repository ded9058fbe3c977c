namespace Coordination.Silo.Logs;

/// <summary>Options of the SQLite log storage (<see cref="SqliteLogStorage"/>).</summary>
public sealed class SqliteLogStorageOptions
{
    /// <summary>
    /// The database file, created with its folder on first use; a relative path resolves from the working directory.
    /// Default <c>data/coordination.db</c>, the SQLite grain storage's default: on the same file the logs and grain state
    /// share one writer and its group commits.
    /// </summary>
    public string DatabasePath { get; set; } = "data/coordination.db";

    /// <summary>
    /// Most writes committed in one transaction (one fsync). Concurrent appends and state writes on the file queue and
    /// commit together; each is acknowledged only once its transaction committed. Users of one file get the largest
    /// size any of them asks for. Default 256; at least 1.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;
}
