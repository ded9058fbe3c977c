using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Coordination.Silo.Storage;

/// <summary>
/// One SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed batch survives a crash. A single
/// write connection commits group batches: whatever writes have queued (up to the batch size) go into one
/// transaction and one fsync, and each write is acknowledged only after that transaction committed. A batch that one
/// write's statement fails rolls back and its writes run again one by one, so only that write fails. Readers
/// use a pool of their own connections and never wait for the writer.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS orleans_etag (id INTEGER PRIMARY KEY CHECK (id = 0), last INTEGER NOT NULL);
        INSERT OR IGNORE INTO orleans_etag (id, last) VALUES (0, 0);
        """;

    private static readonly SqliteStatement SaveLastEtag = new("UPDATE orleans_etag SET last = @last WHERE id = 0", "@last");

    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(new() { SingleReader = true });
    private readonly ConcurrentBag<SqliteCommandCache> _readers = [];
    private readonly string _connectionString;
    private readonly SqliteCommandCache _writer;
    private readonly Thread _writerThread;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastEtag;
    private long _committedBatches;
    private long _failedBatches;
    private int _maxBatchSize;
    private int _disposed;

    private SqliteDatabase(string path, int maxBatchSize)
    {
        Path = path;
        _maxBatchSize = maxBatchSize;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        _writer = new SqliteCommandCache(Open());
        try
        {
            Execute(_writer.Connection, "PRAGMA journal_mode=WAL;" + Schema);
            using var read = _writer.Connection.CreateCommand();
            read.CommandText = "SELECT last FROM orleans_etag WHERE id = 0";
            _lastEtag = (long)read.ExecuteScalar()!;
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        // Commits are synchronous fsyncs: a thread of their own keeps them off the thread pool.
        _writerThread = new Thread(RunWriter) { IsBackground = true, Name = "sqlite-group-commit" };
        _writerThread.Start();
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <summary>Most writes committed in one transaction.</summary>
    public int MaxBatchSize => Volatile.Read(ref _maxBatchSize);

    /// <summary>How many batches have committed since the file was opened (for health reports and tests).</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>How many batches rolled back and had their writes run again one by one.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Opens (creating it and its folder if missing) the database file at a full path.</summary>
    public static SqliteDatabase Open(string path, int maxBatchSize)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return new SqliteDatabase(path, maxBatchSize);
    }

    /// <summary>Raises the batch size to <paramref name="maxBatchSize"/> if that is larger: a throughput setting, never a correctness one.</summary>
    public void RaiseMaxBatchSize(int maxBatchSize)
    {
        var current = Volatile.Read(ref _maxBatchSize);
        while (maxBatchSize > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxBatchSize, maxBatchSize, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Queues a write for the next group commit; completes with its outcome once its transaction committed.</summary>
    /// <exception cref="ObjectDisposedException">The database is closed.</exception>
    public Task<long> WriteAsync(Func<SqliteWriteContext, long> statement)
    {
        var write = new SqliteWrite(statement);
        if (!_queue.Writer.TryWrite(write))
        {
            write.Fail(new ObjectDisposedException(nameof(SqliteDatabase), $"The SQLite database {Path} is closed."));
        }

        return write.Outcome;
    }

    /// <summary>Runs a query on a pooled read connection and maps its rows.</summary>
    public T Read<T>(SqliteStatement statement, Func<SqliteDataReader, T> map, params ReadOnlySpan<object?> values)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var reader = _readers.TryTake(out var pooled) ? pooled : new SqliteCommandCache(Open());
        try
        {
            using var rows = reader.Bind(statement, values).ExecuteReader();
            return map(rows);
        }
        finally
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                reader.Dispose();
            }
            else
            {
                _readers.Add(reader);
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void RunWriter()
    {
        try
        {
            var batch = new List<SqliteWrite>();
            var outcomes = new List<long>();
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                var maxBatchSize = MaxBatchSize;
                while (batch.Count < maxBatchSize && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                Commit(batch, outcomes);
            }
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private void Commit(List<SqliteWrite> batch, List<long> outcomes)
    {
        if (TryCommit(batch, outcomes, out var failure, out var ownStatement))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Succeed(outcomes[i]);
            }

            return;
        }

        if (batch.Count == 1 || !ownStatement)
        {
            FailAll(batch, 0, failure);
            return;
        }

        // Rolled back by one write's statement: nothing of the batch is stored. Each write runs again in a transaction
        // of its own, so that only the one whose own statement fails fails.
        Interlocked.Increment(ref _failedBatches);
        var alone = new List<SqliteWrite>(1) { batch[0] };
        for (var i = 0; i < batch.Count; i++)
        {
            alone[0] = batch[i];
            if (TryCommit(alone, outcomes, out var own, out ownStatement))
            {
                batch[i].Succeed(outcomes[0]);
            }
            else if (ownStatement)
            {
                batch[i].Fail(own);
            }
            else
            {
                // The file itself is failing now: the rest would only fail the same way, one by one.
                FailAll(batch, i, own);
                return;
            }
        }
    }

    /// <summary>
    /// Runs the writes in one transaction. False when it rolled back, with the error and whether a write's own statement
    /// caused it (rather than the file: busy, locked, read-only, full, failing or not a database).
    /// </summary>
    private bool TryCommit(List<SqliteWrite> batch, List<long> outcomes, [NotNullWhen(false)] out Exception? failure, out bool ownStatement)
    {
        outcomes.Clear();
        var context = new SqliteWriteContext(_writer, _lastEtag);
        var inStatement = false;
        try
        {
            using (var transaction = _writer.Connection.BeginTransaction())
            {
                context.Begin(transaction);
                foreach (var write in batch)
                {
                    inStatement = true;
                    outcomes.Add(write.Execute(context));
                    inStatement = false;
                }

                if (context.LastEtag != _lastEtag)
                {
                    context.Execute(SaveLastEtag, context.LastEtag);
                }

                transaction.Commit();
            }
        }
        catch (Exception exception)
        {
            // ETags handed out inside the rolled-back transaction are simply never used; the counter only moves forward.
            _lastEtag = Math.Max(_lastEtag, context.LastEtag);
            failure = exception;
            ownStatement = inStatement && !IsTheFiles(exception);
            return false;
        }

        _lastEtag = context.LastEtag;
        Interlocked.Increment(ref _committedBatches);
        failure = null;
        ownStatement = false;
        return true;
    }

    private static bool IsTheFiles(Exception exception) => exception is SqliteException
    {
        SqliteErrorCode: raw.SQLITE_BUSY or raw.SQLITE_LOCKED or raw.SQLITE_NOMEM or raw.SQLITE_READONLY or raw.SQLITE_IOERR or raw.SQLITE_CORRUPT
            or raw.SQLITE_FULL or raw.SQLITE_CANTOPEN or raw.SQLITE_NOTADB,
    };

    private static void FailAll(List<SqliteWrite> batch, int from, Exception exception)
    {
        for (var i = from; i < batch.Count; i++)
        {
            batch[i].Fail(exception);
        }
    }

    /// <summary>Commits every write already queued, then closes the connections. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writerStopped.Task;
        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }
}
