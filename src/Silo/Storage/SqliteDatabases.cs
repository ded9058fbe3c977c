using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Coordination.Silo.Storage;

/// <summary>
/// The SQLite files a silo has open, one <see cref="SqliteDatabase"/> per file: the grain storage and the reminder
/// table on the same file share its single writer (and so its group commits) instead of contending for the
/// file's write lock. A file is opened by its first user and closed when its last user releases it.
/// </summary>
internal sealed class SqliteDatabases : IAsyncDisposable
{
    private readonly Dictionary<string, (SqliteDatabase Database, int Users)> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The database at <paramref name="path"/>, opened if this is its first user.</summary>
    /// <param name="path">The file; relative paths resolve from the working directory.</param>
    /// <param name="maxBatchSize">Most writes per transaction; users of one file get the largest they asked for.</param>
    public SqliteDatabase Acquire(string path, int maxBatchSize)
    {
        var fullPath = Path.GetFullPath(path);
        lock (_lock)
        {
            ref var lease = ref CollectionsMarshal.GetValueRefOrAddDefault(_open, fullPath, out var exists);
            if (exists)
            {
                lease.Users++;
                lease.Database.RaiseMaxBatchSize(maxBatchSize);
                return lease.Database;
            }

            try
            {
                lease = (SqliteDatabase.Open(fullPath, maxBatchSize), 1);
            }
            catch
            {
                _open.Remove(fullPath);
                throw;
            }

            return lease.Database;
        }
    }

    /// <summary>Gives a database back; the last user's release commits what is queued and closes the file.</summary>
    public async ValueTask ReleaseAsync(SqliteDatabase database)
    {
        lock (_lock)
        {
            ref var lease = ref CollectionsMarshal.GetValueRefOrNullRef(_open, database.Path);
            if (Unsafe.IsNullRef(ref lease) || lease.Database != database || --lease.Users > 0)
            {
                return;
            }

            _open.Remove(database.Path);
        }

        await database.DisposeAsync();
    }

    /// <summary>Closes every file still open (users that never released, e.g. a reminder table never stopped).</summary>
    public async ValueTask DisposeAsync()
    {
        List<SqliteDatabase> databases;
        lock (_lock)
        {
            databases = [.. _open.Values.Select(lease => lease.Database)];
            _open.Clear();
        }

        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }
}
