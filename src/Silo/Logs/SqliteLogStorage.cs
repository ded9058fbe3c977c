using Coordination.Grains.Journals;
using Coordination.Silo.Storage;
using Microsoft.Extensions.Logging;

namespace Coordination.Silo.Logs;

/// <summary>
/// Append-only logs in one SQLite file, in the table <c>log_entries</c> (<see cref="SqliteLogStorageSql"/>).
/// Writes go through the file's single writer thread and its group commits, the same as the SQLite grain storage's
/// on that file; each completes only once its transaction committed, and a batch that one write's statement fails is
/// run again write by write. Since the writer is single, <see cref="AppendNextAsync"/> takes MAX + 1 inside its write
/// with no race. Reads use the file's pooled read connections and never wait for the writer.
/// The file is opened on first use (a failed open is tried again by the next call) and released on dispose.
/// </summary>
public sealed partial class SqliteLogStorage : ILogStorage, IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteLogStorage> _logger;
    private readonly SqliteDatabaseLease _database;

    internal SqliteLogStorage(SqliteLogStorageOptions options, SqliteDatabases databases, TimeProvider timeProvider, ILogger<SqliteLogStorage> logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _database = new SqliteDatabaseLease(databases, options.DatabasePath, options.MaxBatchSize, SqliteLogStorageSql.Schema,
            database => LogOpened(database.Path, database.MaxBatchSize));
    }

    /// <inheritdoc/>
    public async Task<bool> AppendAsync(LogId log, long sequence, string data, string? idempotencyKey = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentNullException.ThrowIfNull(data);
        var database = await DatabaseAsync();
        return await database.WriteAsync(context =>
            context.Execute(SqliteLogStorageSql.Append, log.Name, log.Key, sequence, idempotencyKey, Now(), data)) == 1;
    }

    /// <inheritdoc/>
    public async Task<long?> AppendNextAsync(LogId log, string data, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var database = await DatabaseAsync();
        var sequence = await database.WriteAsync(context =>
            context.ExecuteScalar(SqliteLogStorageSql.AppendNext, log.Name, log.Key, idempotencyKey, Now(), data) is long appended ? appended : 0);
        return sequence > 0 ? sequence : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var database = await DatabaseAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return database.Read(SqliteLogStorageSql.Read, static rows =>
        {
            var entries = new List<LogEntry>();
            while (rows.Read())
            {
                entries.Add(new LogEntry(rows.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(1)), rows.GetString(2)));
            }

            return entries;
        }, log.Name, log.Key, afterSequence, maxCount);
    }

    /// <inheritdoc/>
    public Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default) =>
        ReadSequenceAsync(SqliteLogStorageSql.ReadLast, log, cancellationToken);

    /// <inheritdoc/>
    public Task<long> ReadFirstSequenceAsync(LogId log, CancellationToken cancellationToken = default) =>
        ReadSequenceAsync(SqliteLogStorageSql.ReadFirst, log, cancellationToken);

    /// <inheritdoc/>
    public async Task<int> TrimAsync(LogId log, long upToSequence)
    {
        var database = await DatabaseAsync();
        return (int)await database.WriteAsync(context => context.Execute(SqliteLogStorageSql.Trim, log.Name, log.Key, upToSequence));
    }

    /// <inheritdoc/>
    public async Task<int> TrimOlderThanAsync(string logName, DateTimeOffset before)
    {
        ArgumentNullException.ThrowIfNull(logName);
        var database = await DatabaseAsync();
        var beforeMs = before.ToUnixTimeMilliseconds();
        return (int)await database.WriteAsync(context => context.Execute(SqliteLogStorageSql.TrimOlderThan, logName, beforeMs));
    }

    /// <summary>Commits what is queued and releases the file (closing it if no other storage uses it). Safe to call more than once.</summary>
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<long> ReadSequenceAsync(SqliteStatement statement, LogId log, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return database.Read(statement, static rows => rows.Read() ? rows.GetInt64(0) : 0, log.Name, log.Key);
    }

    /// <summary>The clock read inside the write, on the writer thread: the entry's time is its commit's, to the batch.</summary>
    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<SqliteDatabase> DatabaseAsync() => _database.GetAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite log storage opened {Path} (group commits of up to {MaxBatchSize} writes)")]
    private partial void LogOpened(string path, int maxBatchSize);
}
