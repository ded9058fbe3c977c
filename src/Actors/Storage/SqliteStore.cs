using System.Collections.Concurrent;
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

    public override Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        var reader = _readers.TryTake(out var pooled) ? pooled : new ReadConnection(Open());
        try
        {
            return Task.FromResult(reader.Read(key));
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

    /// <summary>A pooled connection with its prepared state query.</summary>
    private sealed class ReadConnection : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _read;

        public ReadConnection(SqliteConnection connection)
        {
            _connection = connection;
            _read = connection.CreateCommand();
            _read.CommandText = StoreSql.ReadState;
            _read.Parameters.Add("@type", SqliteType.Text);
            _read.Parameters.Add("@key", SqliteType.Text);
            _read.Parameters.Add("@name", SqliteType.Text);
            _read.Prepare();
        }

        public StoredGrainState? Read(GrainStateKey key)
        {
            _read.Parameters[0].Value = key.GrainType;
            _read.Parameters[1].Value = key.GrainKey;
            _read.Parameters[2].Value = key.StateName;
            using var reader = _read.ExecuteReader();
            return reader.Read()
                ? new StoredGrainState(reader.IsDBNull(0) ? null : reader.GetString(0), Etags.FromVersion(reader.GetInt64(1)))
                : null;
        }

        public void Dispose()
        {
            _read.Dispose();
            _connection.Dispose();
        }
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
                _ => throw new ArgumentOutOfRangeException(nameof(write), write.GetType().Name),
            };
            command.Transaction = transaction;
            return command;
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

        public void Dispose()
        {
            foreach (var command in new[] { _insertState, _updateState, _upsertReminder, _deleteReminder, _deleteReminderGeneration, _rescheduleReminder })
            {
                command.Dispose();
            }
        }
    }
}
