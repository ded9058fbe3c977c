using System.Collections.Concurrent;
using Coordination.Actors.Logs;
using Coordination.Actors.Reminders;
using Microsoft.Data.Sqlite;

namespace Coordination.Actors.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed
/// batch survives a crash. One connection writes (batches in one transaction); readers use a pool.
/// </summary>
internal sealed class SqliteStore(StorageOptions options, TimeProvider timeProvider) : RelationalStore(options, timeProvider)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL, grain_id TEXT NOT NULL, state_name TEXT NOT NULL,
            version INTEGER NOT NULL, data TEXT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_id, state_name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_type TEXT NOT NULL, grain_id TEXT NOT NULL, name TEXT NOT NULL,
            first_due INTEGER NOT NULL, due_at INTEGER NOT NULL, period_ms INTEGER NULL, generation INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_id, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_entries (
            log_name TEXT NOT NULL, log_key TEXT NOT NULL, seq INTEGER NOT NULL, idempotency_key TEXT NULL,
            written_at INTEGER NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (log_name, log_key, seq)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS log_entries_idempotency ON log_entries (log_name, log_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS log_entries_age ON log_entries (log_name, written_at);
        """;

    private readonly ConcurrentBag<ReadConnection> _readers = [];
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(options.SqlitePath),
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    private SqliteConnection? _writeConnection;
    private WriteCommands? _commands;

    public override string Provider => "sqlite";

    // SQLite has one writer at a time; the batch commits on the single write connection.
    protected override int ConcurrentCommits => 1;

    public override string Location => Path.GetFullPath(Options.SqlitePath);

    protected override Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        _writeConnection = Open();
        Execute(_writeConnection, "PRAGMA journal_mode=WAL;" + Schema);
        _commands = new WriteCommands(_writeConnection);
        return Task.CompletedTask;
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

    public override Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(WithReader(key, static (reader, key) => reader.Read(key)));

    public override Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LogEntry>>(WithReader((log, afterSequence, maxCount), static (reader, query) => reader.ReadLog(query.log, query.afterSequence, query.maxCount)));

    public override Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default) =>
        Task.FromResult(WithReader(log, static (reader, log) => reader.ReadLastSequence(log)));

    private TResult WithReader<TArg, TResult>(TArg argument, Func<ReadConnection, TArg, TResult> read)
    {
        var reader = _readers.TryTake(out var pooled) ? pooled : new ReadConnection(Open());
        try
        {
            return read(reader, argument);
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    protected override Task CommitAsync(IReadOnlyList<StoreWrite> batch)
    {
        var commands = _commands!;
        var rows = new int[batch.Count];
        using (var transaction = _writeConnection!.BeginTransaction())
        {
            var now = NowMs;
            for (var i = 0; i < batch.Count; i++)
            {
                rows[i] = commands.Bind(batch[i], now, transaction).ExecuteNonQuery();
            }

            transaction.Commit();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(rows[i]);
        }

        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.ReadReminders;
        using var reader = command.ExecuteReader();
        var entries = new List<ReminderEntry>();
        while (reader.Read())
        {
            entries.Add(ToReminder(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetInt64(6)));
        }

        return Task.FromResult<IReadOnlyList<ReminderEntry>>(entries);
    }

    public override Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = Open();
            Execute(connection, "SELECT 1");
            return Task.FromResult<string?>(null);
        }
        catch (SqliteException exception)
        {
            return Task.FromResult<string?>(exception.Message);
        }
    }

    protected override ValueTask CloseAsync()
    {
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _commands?.Dispose();
        _writeConnection?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A pooled connection with its prepared queries.</summary>
    private sealed class ReadConnection(SqliteConnection connection) : IDisposable
    {
        private readonly SqliteCommand _readState = Prepare(connection, StoreSql.ReadState, "@type", "@key", "@name");
        private readonly SqliteCommand _readLog = Prepare(connection, StoreSql.ReadLog, "@name", "@key", "@after", "@limit");
        private readonly SqliteCommand _readLastSequence = Prepare(connection, StoreSql.ReadLastLogSequence, "@name", "@key");

        public StoredGrainState? Read(GrainStateKey key)
        {
            using var reader = Set(_readState, key.GrainType, key.GrainKey, key.StateName).ExecuteReader();
            return reader.Read()
                ? new StoredGrainState(reader.IsDBNull(0) ? null : reader.GetString(0), Etags.FromVersion(reader.GetInt64(1)))
                : null;
        }

        public List<LogEntry> ReadLog(LogId log, long afterSequence, int maxCount)
        {
            using var reader = Set(_readLog, log.Name, log.Key, afterSequence, (long)maxCount).ExecuteReader();
            var entries = new List<LogEntry>();
            while (reader.Read())
            {
                entries.Add(new LogEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2)));
            }

            return entries;
        }

        public long ReadLastSequence(LogId log) => (long)Set(_readLastSequence, log.Name, log.Key).ExecuteScalar()!;

        public void Dispose()
        {
            _readState.Dispose();
            _readLog.Dispose();
            _readLastSequence.Dispose();
            connection.Dispose();
        }
    }

    private static SqliteCommand Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>The write statements, prepared once on the write connection.</summary>
    private sealed class WriteCommands(SqliteConnection connection) : IDisposable
    {
        private readonly SqliteCommand _insertState = Prepare(connection, StoreSql.InsertState, "@type", "@key", "@name", "@data", "@now");
        private readonly SqliteCommand _updateState = Prepare(connection, StoreSql.UpdateState, "@type", "@key", "@name", "@data", "@now", "@version");
        private readonly SqliteCommand _upsertReminder = Prepare(connection, StoreSql.UpsertReminder, "@type", "@key", "@name", "@first", "@due", "@period", "@generation");
        private readonly SqliteCommand _deleteReminder = Prepare(connection, StoreSql.DeleteReminder, "@type", "@key", "@name");
        private readonly SqliteCommand _deleteReminderGeneration = Prepare(connection, StoreSql.DeleteReminderGeneration, "@type", "@key", "@name", "@generation");
        private readonly SqliteCommand _rescheduleReminder = Prepare(connection, StoreSql.RescheduleReminder, "@type", "@key", "@name", "@due", "@generation");
        private readonly SqliteCommand _appendLog = Prepare(connection, StoreSql.AppendLog, "@name", "@key", "@seq", "@idempotency", "@now", "@data");
        private readonly SqliteCommand _trimLog = Prepare(connection, StoreSql.TrimLog, "@name", "@key", "@seq");
        private readonly SqliteCommand _expireLog = Prepare(connection, StoreSql.ExpireLog, "@name", "@before");

        public SqliteCommand Bind(StoreWrite write, long now, SqliteTransaction transaction)
        {
            var command = write switch
            {
                StateWrite { ExpectedVersion: null } w => Set(_insertState, w.Key.GrainType, w.Key.GrainKey, w.Key.StateName, w.Json, now),
                StateWrite w => Set(_updateState, w.Key.GrainType, w.Key.GrainKey, w.Key.StateName, w.Json, now, w.ExpectedVersion),
                ReminderUpsert { Entry: var e } => Set(_upsertReminder, e.GrainId.Type, e.GrainId.Key, e.Name, e.FirstDue.ToUnixTimeMilliseconds(),
                    e.DueAt.ToUnixTimeMilliseconds(), (long?)e.Period?.TotalMilliseconds, e.Generation),
                ReminderDelete { Generation: null } d => Set(_deleteReminder, d.GrainId.Type, d.GrainId.Key, d.Name),
                ReminderDelete d => Set(_deleteReminderGeneration, d.GrainId.Type, d.GrainId.Key, d.Name, d.Generation),
                ReminderReschedule r => Set(_rescheduleReminder, r.GrainId.Type, r.GrainId.Key, r.Name, r.DueAtMs, r.Generation),
                LogAppend a => Set(_appendLog, a.Log.Name, a.Log.Key, a.Sequence, a.IdempotencyKey, now, a.Data),
                LogTrim t => Set(_trimLog, t.Log.Name, t.Log.Key, t.UpToSequence),
                LogExpire e => Set(_expireLog, e.LogName, e.BeforeMs),
                _ => throw new ArgumentOutOfRangeException(nameof(write), write.GetType().Name),
            };
            command.Transaction = transaction;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in new[] { _insertState, _updateState, _upsertReminder, _deleteReminder, _deleteReminderGeneration, _rescheduleReminder, _appendLog, _trimLog, _expireLog })
            {
                command.Dispose();
            }
        }
    }
}
