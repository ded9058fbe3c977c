namespace Coordination.Silo.Reminders;

/// <summary>Options of the SQLite reminder table (<see cref="SqliteReminderTable"/>).</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>
    /// The database file, created with its folder on start; a relative path resolves from the working directory.
    /// Default <c>data/coordination.db</c>: the same file as the grain storage, whose writer (and group commits) it then shares.
    /// </summary>
    public string DatabasePath { get; set; } = "data/coordination.db";

    /// <summary>
    /// Most writes committed in one transaction. When the grain storage uses the same file, the larger of the
    /// two settings applies. Default 256; at least 1.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;
}
