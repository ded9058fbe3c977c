using Coordination.Silo.Storage;

namespace Coordination.Silo.Logs;

/// <summary>
/// The log table and its statements on SQLite. The table is <c>log_entries</c>, the same columns and indexes as on
/// PostgreSQL.
/// <c>written_at</c> is Unix time in milliseconds. No write statement fails on a taken sequence or idempotency key (ON
/// CONFLICT DO NOTHING), so one refused append never rolls back the other writes of its group commit.
/// </summary>
internal static class SqliteLogStorageSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS log_entries (
            log_name TEXT NOT NULL, log_key TEXT NOT NULL, seq INTEGER NOT NULL, idempotency_key TEXT NULL,
            written_at INTEGER NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (log_name, log_key, seq)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS log_entries_idempotency ON log_entries (log_name, log_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS log_entries_age ON log_entries (log_name, written_at);
        """;

    private const string Log = "log_name = @name AND log_key = @key";

    /// <summary>Stores an entry at @seq; changes no row when the sequence or the idempotency key is taken.</summary>
    public static readonly SqliteStatement Append = new(
        "INSERT INTO log_entries (log_name, log_key, seq, idempotency_key, written_at, data) VALUES (@name, @key, @seq, @idempotency, @now, @data) " +
        "ON CONFLICT DO NOTHING",
        "@name", "@key", "@seq", "@idempotency", "@now", "@data");

    /// <summary>
    /// Stores an entry at the log's highest sequence + 1 and returns that sequence; no row when the idempotency key is
    /// taken. Run by the database's single writer, inside its transaction, so nothing can take the sequence between the
    /// MAX and the insert.
    /// </summary>
    public static readonly SqliteStatement AppendNext = new(
        "INSERT INTO log_entries (log_name, log_key, seq, idempotency_key, written_at, data) " +
        $"SELECT @name, @key, COALESCE(MAX(seq), 0) + 1, @idempotency, @now, @data FROM log_entries WHERE {Log} " +
        "ON CONFLICT DO NOTHING RETURNING seq",
        "@name", "@key", "@idempotency", "@now", "@data");

    public static readonly SqliteStatement Read = new(
        $"SELECT seq, written_at, data FROM log_entries WHERE {Log} AND seq > @after ORDER BY seq LIMIT @limit", "@name", "@key", "@after", "@limit");

    public static readonly SqliteStatement ReadLast = new($"SELECT COALESCE(MAX(seq), 0) FROM log_entries WHERE {Log}", "@name", "@key");

    public static readonly SqliteStatement ReadFirst = new($"SELECT COALESCE(MIN(seq), 0) FROM log_entries WHERE {Log}", "@name", "@key");

    public static readonly SqliteStatement Trim = new($"DELETE FROM log_entries WHERE {Log} AND seq <= @seq", "@name", "@key", "@seq");

    public static readonly SqliteStatement TrimOlderThan = new(
        "DELETE FROM log_entries AS e WHERE log_name = @name AND written_at < @before " +
        "AND seq < (SELECT MAX(seq) FROM log_entries AS l WHERE l.log_name = e.log_name AND l.log_key = e.log_key)", "@name", "@before");
}
