namespace Coordination.Silo.Logs;

/// <summary>
/// The statements of <see cref="PostgresLogStorage"/> over <c>log_entries</c> (deploy/sql/postgres/05-log-entries.sql).
/// Parameters are positional: $1 log name, $2 log key. Each write returns one row whose first column is its outcome
/// (or, for <see cref="Append"/>, no row when refused), and none fails on a taken sequence or idempotency key (ON
/// CONFLICT DO NOTHING), so one refused append never rolls back the other writes of its group commit.
/// </summary>
internal static class PostgresLogStorageSql
{
    private const string Log = "log_name = $1 AND log_key = $2";

    /// <summary>Stores $6 data at $3 sequence with $4 idempotency key (NULL: none) at $5 time; no row when the sequence or the key is taken.</summary>
    public const string Append =
        "INSERT INTO log_entries (log_name, log_key, seq, idempotency_key, written_at, data) VALUES ($1, $2, $3, $4, $5, $6) " +
        "ON CONFLICT DO NOTHING RETURNING seq";

    /// <summary>
    /// Stores $5 data with $3 idempotency key at $4 time, at the log's highest sequence + 1 as this statement sees it.
    /// Returns that sequence; 0 when an entry with the key is there; -1 when the insert did nothing and no entry with the
    /// key was visible to the statement: a concurrent transaction took the sequence (or the key) first, and the caller
    /// runs the statement again, which sees that transaction's entry.
    /// </summary>
    /// <remarks>
    /// Why MAX + 1 with ON CONFLICT DO NOTHING and a retry, and not a per-log advisory lock: under READ COMMITTED the
    /// insert that meets an entry a concurrent transaction is still inserting at the same sequence waits for that
    /// transaction, then does nothing if it committed (or inserts if it rolled back), so the primary key alone decides
    /// between nodes, nothing fails, and only a real collision costs anything: one more round for the loser. A lock would
    /// be taken by every append, contended or not; it would need a statement of its own before the insert (a statement's
    /// snapshot is taken before any lock it waits for), so a write of two statements in the group commit; and it would be
    /// held until the whole batch commits. Within one batch, appends to one log see each other's entries (one
    /// transaction), so only concurrent batches, of this node or of others, ever collide. Two concurrent batches that
    /// collide on two logs in opposite orders deadlock (as they would with locks): the server aborts one, whose writes
    /// <see cref="Storage.PostgresGroupCommit"/> then runs again one by one, which costs time, never an entry.
    /// </remarks>
    public const string AppendNext =
        $"WITH next AS (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM log_entries WHERE {Log}), " +
        "appended AS (INSERT INTO log_entries (log_name, log_key, seq, idempotency_key, written_at, data) " +
        "SELECT $1, $2, next.seq, $3, $4, $5 FROM next ON CONFLICT DO NOTHING RETURNING seq) " +
        "SELECT COALESCE((SELECT seq FROM appended), " +
        $"CASE WHEN EXISTS (SELECT 1 FROM log_entries WHERE {Log} AND idempotency_key = $3) THEN 0 ELSE -1 END)";

    /// <summary>Seq, time and data of the entries after $3, at most $4 of them, in order.</summary>
    public const string Read = $"SELECT seq, written_at, data FROM log_entries WHERE {Log} AND seq > $3 ORDER BY seq LIMIT $4";

    public const string ReadLast = $"SELECT COALESCE(MAX(seq), 0) FROM log_entries WHERE {Log}";

    public const string ReadFirst = $"SELECT COALESCE(MIN(seq), 0) FROM log_entries WHERE {Log}";

    /// <summary>Deletes the entries up to $3; returns how many.</summary>
    public const string Trim = $"WITH trimmed AS (DELETE FROM log_entries WHERE {Log} AND seq <= $3 RETURNING 1) SELECT count(*) FROM trimmed";

    /// <summary>Deletes the entries of every log named $1 written before $2; returns how many.</summary>
    public const string TrimOlderThan =
        "WITH expired AS (DELETE FROM log_entries e WHERE log_name = $1 AND written_at < $2 " +
        "AND seq < (SELECT max(seq) FROM log_entries l WHERE l.log_name = e.log_name AND l.log_key = e.log_key) RETURNING 1) SELECT count(*) FROM expired";
}
