namespace Coordination.Silo.Logs;

/// <summary>Options of the PostgreSQL log storage (<see cref="PostgresLogStorage"/>).</summary>
public sealed class PostgresLogStorageOptions
{
    /// <summary>
    /// The Npgsql connection string of the database holding <c>log_entries</c> (deploy/sql/postgres, applied by
    /// <c>deploy/postgres.sh</c> or the node's <c>apply-schema</c> verb). No default: required. The node takes it from
    /// <c>Storage:PostgresConnectionString</c>. Its <c>Maximum Pool Size</c> (Npgsql's default 100) must exceed
    /// <see cref="ConcurrentCommits"/>, so that reads always find a connection.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Most writes committed in one transaction. Concurrent appends, of any logs, queue and go to the server as one
    /// batch; each is acknowledged only once its transaction committed. Default 256, as the PostgreSQL grain storage's; at least 1.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Batches committing at once, each on its own pooled connection: while some wait for the server's WAL flush, the
    /// next batch gathers. Default 4, as the PostgreSQL grain storage's; at least 1.
    /// </summary>
    public int ConcurrentCommits { get; set; } = 4;
}
