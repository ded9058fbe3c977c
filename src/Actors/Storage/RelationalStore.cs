using Coordination.Actors.Logs;
using Coordination.Actors.Reminders;

namespace Coordination.Actors.Storage;

/// <summary>
/// What the SQLite and PostgreSQL stores share: the version check on state writes, reminder rows,
/// log entries, and a <see cref="GroupCommitWriter"/> in front of the provider's batch commit.
/// </summary>
internal abstract class RelationalStore : IGrainStorage, ILogStorage, IReminderTable, IStorageHealth, IAsyncDisposable
{
    private GroupCommitWriter? _writer;
    private int _disposed;

    /// <summary>The store the options ask for: PostgreSQL when a connection string is set, else SQLite.</summary>
    public static RelationalStore Create(StorageOptions options, TimeProvider timeProvider) =>
        options.UsesPostgres ? new PostgresStore(options, timeProvider) : new SqliteStore(options, timeProvider);

    protected RelationalStore(StorageOptions options, TimeProvider timeProvider)
    {
        Options = options;
        TimeProvider = timeProvider;
    }

    protected StorageOptions Options { get; }

    protected TimeProvider TimeProvider { get; }

    public abstract string Provider { get; }

    public abstract string Location { get; }

    private GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("Storage is not started.");

    /// <summary>Opens the database and creates the tables if they are missing.</summary>
    /// <exception cref="StorageUnavailableException">The database cannot be reached or prepared.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new StorageUnavailableException($"Storage: cannot open the {Provider} database at {Location}: {exception.Message}", exception);
        }

        _writer = new GroupCommitWriter(CommitAsync, Options.MaxBatchSize, ConcurrentCommits);
    }

    /// <summary>How many batches may commit at once.</summary>
    protected abstract int ConcurrentCommits { get; }

    protected abstract Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Runs the writes as one transaction and reports each write's affected rows after the commit.</summary>
    protected abstract Task CommitAsync(IReadOnlyList<StoreWrite> batch);

    public abstract Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default);

    public abstract Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    public abstract Task<string?> CheckAsync(CancellationToken cancellationToken);

    public Task<string> WriteAsync(GrainStateKey key, string json, string? etag, CancellationToken cancellationToken = default) =>
        WriteStateAsync(key, json, etag);

    public Task<string> ClearAsync(GrainStateKey key, string? etag, CancellationToken cancellationToken = default) =>
        WriteStateAsync(key, null, etag);

    private async Task<string> WriteStateAsync(GrainStateKey key, string? json, string? etag)
    {
        var write = new StateWrite(key, json, Etags.ToVersion(etag));
        var rows = await Writer.Enqueue(write);
        return rows == 1 ? Etags.FromVersion(write.NewVersion) : throw Etags.Conflict(key, etag);
    }

    public Task UpsertAsync(ReminderEntry entry) => Writer.Enqueue(new ReminderUpsert(entry));

    public async Task<bool> DeleteAsync(GrainId grainId, string name, long? generation) =>
        await Writer.Enqueue(new ReminderDelete(grainId, name, generation)) > 0;

    public async Task<bool> RescheduleAsync(GrainId grainId, string name, long generation, DateTimeOffset dueAt) =>
        await Writer.Enqueue(new ReminderReschedule(grainId, name, generation, dueAt.ToUnixTimeMilliseconds())) > 0;

    public async Task<bool> AppendAsync(LogId log, long sequence, string data, string? idempotencyKey = null) =>
        await Writer.Enqueue(new LogAppend(log, sequence, data, idempotencyKey)) == 1;

    public Task<int> TrimAsync(LogId log, long upToSequence) => Writer.Enqueue(new LogTrim(log, upToSequence));

    public Task<int> TrimOlderThanAsync(string logName, DateTimeOffset before) =>
        Writer.Enqueue(new LogExpire(logName, before.ToUnixTimeMilliseconds()));

    public abstract Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default);

    public abstract Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default);

    protected long NowMs => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    protected static ReminderEntry ToReminder(string type, string key, string name, long firstDue, long dueAt, long? periodMs, long generation) =>
        new(new GrainId(type, key), name, DateTimeOffset.FromUnixTimeMilliseconds(firstDue), DateTimeOffset.FromUnixTimeMilliseconds(dueAt),
            periodMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, generation);

    /// <summary>Commits every write already accepted, then closes the database. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        await CloseAsync();
    }

    /// <summary>Releases the provider's connections after the last commit.</summary>
    protected abstract ValueTask CloseAsync();
}
