namespace Coordination.Silo.Storage;

/// <summary>
/// The grain state table and its statements. Its own table (not today's <c>grain_state</c>), so that it can share
/// the node's database file with today's store while the runtime moves. Each write statement changes one row or
/// none; none means the ETag did not match.
/// </summary>
internal static class SqliteGrainStorageSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS orleans_grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag INTEGER NOT NULL,
            payload BLOB NULL,
            modified_at INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
        """;

    private const string Key = "grain_type = @type AND grain_key = @key AND state_name = @name";

    public static readonly SqliteStatement Read = new(
        $"SELECT payload, etag FROM orleans_grain_state WHERE {Key}", "@type", "@key", "@name");

    public static readonly SqliteStatement Insert = new(
        "INSERT INTO orleans_grain_state (grain_type, grain_key, state_name, etag, payload, modified_at) " +
        "VALUES (@type, @key, @name, @etag, @payload, @now) ON CONFLICT DO NOTHING",
        "@type", "@key", "@name", "@etag", "@payload", "@now");

    /// <summary>Writes a payload (null to clear) if the stored ETag is the expected one.</summary>
    public static readonly SqliteStatement Update = new(
        $"UPDATE orleans_grain_state SET etag = @etag, payload = @payload, modified_at = @now WHERE {Key} AND etag = @expected",
        "@type", "@key", "@name", "@etag", "@payload", "@now", "@expected");

    public static readonly SqliteStatement Delete = new(
        $"DELETE FROM orleans_grain_state WHERE {Key} AND etag = @expected", "@type", "@key", "@name", "@expected");
}
