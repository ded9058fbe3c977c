using Coordination.Silo.Storage;

namespace Coordination.Silo.Reminders;

/// <summary>
/// The reminder table and its statements. Its own table (not today's <c>reminders</c>), so it can share the node's
/// database file with today's store while the runtime moves. The grain hash is stored as the unsigned 32-bit
/// value Orleans' ring uses, so range reads compare it as it is; times and periods are stored as ticks.
/// </summary>
internal static class SqliteReminderTableSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS orleans_reminders (
            grain_id TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            period INTEGER NOT NULL,
            grain_hash INTEGER NOT NULL,
            etag INTEGER NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS orleans_reminders_hash ON orleans_reminders (grain_hash);
        """;

    private const string Columns = "SELECT grain_id, reminder_name, start_at, period, etag FROM orleans_reminders";

    public static readonly SqliteStatement ReadGrain = new($"{Columns} WHERE grain_id = @grain", "@grain");

    public static readonly SqliteStatement ReadOne = new($"{Columns} WHERE grain_id = @grain AND reminder_name = @name", "@grain", "@name");

    /// <summary>(begin, end] when begin &lt; end.</summary>
    public static readonly SqliteStatement ReadRange = new($"{Columns} WHERE grain_hash > @begin AND grain_hash <= @end", "@begin", "@end");

    /// <summary>The range that wraps past the top of the ring: (begin, max] and [0, end].</summary>
    public static readonly SqliteStatement ReadWrappingRange = new($"{Columns} WHERE grain_hash > @begin OR grain_hash <= @end", "@begin", "@end");

    public static readonly SqliteStatement Upsert = new(
        "INSERT INTO orleans_reminders (grain_id, reminder_name, start_at, period, grain_hash, etag) VALUES (@grain, @name, @start, @period, @hash, @etag) " +
        "ON CONFLICT (grain_id, reminder_name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period, grain_hash = excluded.grain_hash, etag = excluded.etag",
        "@grain", "@name", "@start", "@period", "@hash", "@etag");

    public static readonly SqliteStatement Delete = new(
        "DELETE FROM orleans_reminders WHERE grain_id = @grain AND reminder_name = @name AND etag = @etag", "@grain", "@name", "@etag");

    public const string DeleteAll = "DELETE FROM orleans_reminders";
}
