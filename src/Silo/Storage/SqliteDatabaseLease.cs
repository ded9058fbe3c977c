namespace Coordination.Silo.Storage;

/// <summary>
/// A store's hold on a shared SQLite file (<see cref="SqliteDatabases"/>), taken on first use: the file is acquired and
/// the store's schema script applied off the caller's thread, a failed open is tried again by the next call, and
/// <see cref="DisposeAsync"/> releases the file (closing it if no other store uses it).
/// </summary>
internal sealed class SqliteDatabaseLease(SqliteDatabases databases, string path, int maxBatchSize, string schema, Action<SqliteDatabase>? opened = null)
    : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private Task<SqliteDatabase>? _opening;
    private bool _disposed;

    /// <summary>The open file; opens it if it is not yet open.</summary>
    /// <exception cref="ObjectDisposedException">The lease was released.</exception>
    public Task<SqliteDatabase> GetAsync()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = OpenAsync();
            }

            return _opening;
        }
    }

    /// <summary>Commits what is queued and releases the file. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<SqliteDatabase>? opening;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            opening = _opening;
        }

        if (opening is null)
        {
            return;
        }

        SqliteDatabase database;
        try
        {
            database = await opening;
        }
        catch
        {
            return; // it never opened: there is nothing to release
        }

        await databases.ReleaseAsync(database);
    }

    private async Task<SqliteDatabase> OpenAsync()
    {
        await Task.Yield(); // opening the file and its first statements are synchronous
        var database = databases.Acquire(path, maxBatchSize);
        try
        {
            await database.WriteAsync(context => context.ExecuteScript(schema));
        }
        catch
        {
            await databases.ReleaseAsync(database);
            throw;
        }

        opened?.Invoke(database);
        return database;
    }
}
