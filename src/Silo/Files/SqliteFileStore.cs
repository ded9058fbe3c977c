using Coordination.Gateway.Messages;
using Coordination.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Coordination.Silo.Files;

/// <summary>
/// Stored files in the node's SQLite file, table <c>stored_files</c>. A file is written by the file's single writer in
/// one group-commit transaction: the row with a <c>zeroblob</c> of the file's size, then the content streamed into it
/// (<see cref="SqliteBlob"/>), so a crash leaves the whole row or none and no file is held in memory. Reads stream the
/// blob out of a pooled read connection. The file is opened on first use and released on dispose.
/// </summary>
internal sealed class SqliteFileStore(string databasePath, int maxBatchSize, SqliteDatabases databases, TimeProvider time) : IFileStore, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS stored_files (
            sha256 TEXT NOT NULL PRIMARY KEY,
            size INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            stored_at INTEGER NOT NULL,
            content BLOB NOT NULL);
        """;

    private static readonly SqliteStatement Insert = new(
        "INSERT INTO stored_files (sha256, size, content_type, stored_at, content) VALUES (@sha256, @size, @type, @at, zeroblob(@size)) " +
        "ON CONFLICT (sha256) DO NOTHING RETURNING rowid", "@sha256", "@size", "@type", "@at");

    private static readonly SqliteStatement Find = new("SELECT size, content_type FROM stored_files WHERE sha256 = @sha256", "@sha256");

    // The rowid makes the reader's GetStream a SqliteBlob on the row instead of a copy in memory.
    private static readonly SqliteStatement Content = new("SELECT rowid, content FROM stored_files WHERE sha256 = @sha256", "@sha256");

    private readonly SqliteDatabaseLease _database = new(databases, databasePath, maxBatchSize, Schema);

    public async Task<bool> SaveAsync(StoredFile file, Stream content, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        var start = content.Position;
        return await database.WriteAsync(context =>
        {
            if (context.ExecuteScalar(Insert, file.Sha256, file.Size, file.ContentType, time.GetUtcNow().ToUnixTimeMilliseconds()) is not long rowid)
            {
                return 0;
            }

            content.Position = start; // a batch that failed runs its writes again
            using var blob = new SqliteBlob(context.Connection, "stored_files", "content", rowid);
            content.CopyTo(blob, 81920);
            return 1;
        }) == 1;
    }

    public async Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        return database.Read(Find, rows => rows.Read() ? new StoredFile(sha256, rows.GetInt64(0), rows.GetString(1)) : null, sha256);
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        return database.Read(Content, rows =>
        {
            if (!rows.Read())
            {
                return false;
            }

            using var blob = rows.GetStream(1);
            blob.CopyTo(destination, 81920);
            return true;
        }, sha256);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private Task<SqliteDatabase> DatabaseAsync() => _database.GetAsync();
}
