using Coordination.Grains.Journals;
using Coordination.Silo.Schema;
using Coordination.Silo.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coordination.Silo.Logs;

/// <summary>
/// Append-only logs in PostgreSQL (Npgsql), in <c>log_entries</c> (deploy/sql/postgres/05-log-entries.sql), the same
/// table as on SQLite. Writes are group-committed by a <see cref="PostgresGroupCommit"/> of its own, a few batches
/// at a time, and each completes only once its transaction committed; reads go straight to the pool and never wait for
/// the writers. <see cref="AppendNextAsync"/> is safe between nodes: see <see cref="PostgresLogStorageSql.AppendNext"/>.
/// Connects on first use, after checking the schema's part (a failed start is tried again by the next call), and
/// commits what is queued on dispose. Its connections come from the node's pool (<see cref="PostgresDataSources"/>).
/// </summary>
public sealed partial class PostgresLogStorage : ILogStorage, IAsyncDisposable
{
    /// <summary>
    /// Rounds of <see cref="AppendNextAsync"/> that each lost the sequence to a concurrent transaction before it gives up.
    /// Each lost round means another append committed, so reaching it means a log appended to by this many batches at once.
    /// </summary>
    private const int MaxAppendNextRounds = 100;

    private readonly PostgresLogStorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresLogStorage> _logger;
    private readonly PostgresDataSources _dataSources;
    private readonly Lock _lock = new();
    private Task<(NpgsqlDataSource DataSource, PostgresGroupCommit Writer)>? _starting;
    private bool _disposed;

    internal PostgresLogStorage(PostgresLogStorageOptions options, PostgresDataSources dataSources, TimeProvider timeProvider, ILogger<PostgresLogStorage> logger)
    {
        _options = options;
        _dataSources = dataSources;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task<bool> AppendAsync(LogId log, long sequence, string data, string? idempotencyKey = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentNullException.ThrowIfNull(data);
        var (_, writer) = await StartedAsync();
        return await writer.WriteAsync(new PostgresWrite(() => Command(PostgresLogStorageSql.Append, log,
            Parameter(sequence), Parameter(idempotencyKey), Parameter(Now()), Parameter(data)))) is not null;
    }

    /// <inheritdoc/>
    public async Task<long?> AppendNextAsync(LogId log, string data, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var (_, writer) = await StartedAsync();
        for (var round = 0; round < MaxAppendNextRounds; round++)
        {
            var outcome = await writer.WriteAsync(new PostgresWrite(() => Command(PostgresLogStorageSql.AppendNext, log,
                Parameter(idempotencyKey), Parameter(Now()), Parameter(data))));
            switch (outcome)
            {
                case > 0:
                    return outcome;
                case 0:
                    return null;
            }

            // -1: a concurrent transaction took the sequence first (or the key, and it was not yet visible): again, after it.
        }

        throw new InvalidOperationException($"PostgreSQL log storage: appending to {log} lost the next sequence to concurrent appends " +
            $"{MaxAppendNextRounds} times in a row; nothing was appended.");
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var (dataSource, _) = await StartedAsync();
        await using var command = dataSource.CreateCommand(PostgresLogStorageSql.Read);
        AddLog(command.Parameters, log);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LogEntry>();
        while (await rows.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry(rows.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(1)), rows.GetString(2)));
        }

        return entries;
    }

    /// <inheritdoc/>
    public Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default) =>
        ReadSequenceAsync(PostgresLogStorageSql.ReadLast, log, cancellationToken);

    /// <inheritdoc/>
    public Task<long> ReadFirstSequenceAsync(LogId log, CancellationToken cancellationToken = default) =>
        ReadSequenceAsync(PostgresLogStorageSql.ReadFirst, log, cancellationToken);

    /// <inheritdoc/>
    public async Task<int> TrimAsync(LogId log, long upToSequence)
    {
        var (_, writer) = await StartedAsync();
        return (int)(await writer.WriteAsync(new PostgresWrite(() => Command(PostgresLogStorageSql.Trim, log, Parameter(upToSequence)))))!.Value;
    }

    /// <inheritdoc/>
    public async Task<int> TrimOlderThanAsync(string logName, DateTimeOffset before)
    {
        ArgumentNullException.ThrowIfNull(logName);
        var (_, writer) = await StartedAsync();
        var beforeMs = before.ToUnixTimeMilliseconds();
        return (int)(await writer.WriteAsync(new PostgresWrite(() =>
            new NpgsqlBatchCommand(PostgresLogStorageSql.TrimOlderThan) { Parameters = { Parameter(logName), Parameter(beforeMs) } })))!.Value;
    }

    /// <summary>Commits what is queued; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<(NpgsqlDataSource DataSource, PostgresGroupCommit Writer)>? starting;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            starting = _starting;
        }

        if (starting is null)
        {
            return;
        }

        (NpgsqlDataSource DataSource, PostgresGroupCommit Writer) started;
        try
        {
            started = await starting;
        }
        catch
        {
            return; // it never started: nothing is queued
        }

        await started.Writer.DisposeAsync(); // the pool is the node's (PostgresDataSources)
    }

    private async Task<long> ReadSequenceAsync(string sql, LogId log, CancellationToken cancellationToken)
    {
        var (dataSource, _) = await StartedAsync();
        await using var command = dataSource.CreateCommand(sql);
        AddLog(command.Parameters, log);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The clock read when the statement is built, as its batch goes to the server: the entry's time is its commit's, to the batch.</summary>
    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static NpgsqlBatchCommand Command(string sql, LogId log, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddLog(command.Parameters, log);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void AddLog(NpgsqlParameterCollection parameters, LogId log)
    {
        parameters.Add(Parameter(log.Name));
        parameters.Add(Parameter(log.Key));
    }

    private static NpgsqlParameter Parameter(string? value) =>
        value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = DBNull.Value } : new NpgsqlParameter<string> { TypedValue = value };

    private static NpgsqlParameter<long> Parameter(long value) => new() { TypedValue = value };

    private Task<(NpgsqlDataSource DataSource, PostgresGroupCommit Writer)> StartedAsync()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_starting is null || _starting.IsFaulted || _starting.IsCanceled)
            {
                _starting = StartAsync();
            }

            return _starting;
        }
    }

    private async Task<(NpgsqlDataSource DataSource, PostgresGroupCommit Writer)> StartAsync()
    {
        await Task.Yield();
        var dataSource = _dataSources.Get(_options.ConnectionString);
        if (await PostgresSchemaCheck.FindProblemAsync(dataSource, [PostgresSchemaCheck.LogEntries]) is { } problem)
        {
            throw new InvalidOperationException($"PostgreSQL log storage: {problem}");
        }

        var writer = new PostgresGroupCommit(dataSource, _options.MaxBatchSize, _options.ConcurrentCommits, "PostgreSQL log storage");
        LogStarted(PostgresDataSources.Describe(_options.ConnectionString), _options.MaxBatchSize, _options.ConcurrentCommits);
        return (dataSource, writer);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL log storage on {Database} (group commits of up to {MaxBatchSize} writes, {ConcurrentCommits} at once)")]
    private partial void LogStarted(string database, int maxBatchSize, int concurrentCommits);
}
