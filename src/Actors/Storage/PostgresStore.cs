using Coordination.Actors.Logs;
using Coordination.Actors.Reminders;
using Npgsql;

namespace Coordination.Actors.Storage;

/// <summary>
/// PostgreSQL storage. A batch of writes goes to the server as one <see cref="NpgsqlBatch"/>, which
/// PostgreSQL runs as one implicit transaction: one round trip and one commit per batch.
/// </summary>
internal sealed class PostgresStore(StorageOptions options, TimeProvider timeProvider) : RelationalStore(options, timeProvider)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type text NOT NULL, grain_id text NOT NULL, state_name text NOT NULL,
            version bigint NOT NULL, data text NULL, updated_at bigint NOT NULL,
            PRIMARY KEY (grain_type, grain_id, state_name));
        CREATE TABLE IF NOT EXISTS reminders (
            grain_type text NOT NULL, grain_id text NOT NULL, name text NOT NULL,
            first_due bigint NOT NULL, due_at bigint NOT NULL, period_ms bigint NULL, generation bigint NOT NULL,
            PRIMARY KEY (grain_type, grain_id, name));
        CREATE TABLE IF NOT EXISTS log_entries (
            log_name text NOT NULL, log_key text NOT NULL, seq bigint NOT NULL, idempotency_key text NULL,
            written_at bigint NOT NULL, data text NOT NULL,
            PRIMARY KEY (log_name, log_key, seq));
        CREATE UNIQUE INDEX IF NOT EXISTS log_entries_idempotency ON log_entries (log_name, log_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS log_entries_age ON log_entries (log_name, written_at);
        """;

    // Serialises schema creation when several nodes start against one database at once.
    private const long SchemaLockId = 0x436f6f7264;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(WithAutoPrepare(options.PostgresConnectionString!));

    // The same few statements run all the time: let Npgsql prepare them on each connection, unless the operator chose otherwise.
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    public override string Provider => "postgresql";

    protected override int ConcurrentCommits => Options.PostgresConcurrentCommits;

    public override string Location
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Options.PostgresConnectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    protected override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockId}); {Schema}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(StoreSql.ReadState);
        command.Parameters.AddWithValue("type", key.GrainType);
        command.Parameters.AddWithValue("key", key.GrainKey);
        command.Parameters.AddWithValue("name", key.StateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredGrainState(reader.IsDBNull(0) ? null : reader.GetString(0), Etags.FromVersion(reader.GetInt64(1)))
            : null;
    }

    protected override async Task CommitAsync(IReadOnlyList<StoreWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var npgsqlBatch = new NpgsqlBatch(connection);
        var now = NowMs;
        foreach (var write in batch)
        {
            npgsqlBatch.BatchCommands.Add(ToCommand(write, now));
        }

        await npgsqlBatch.ExecuteNonQueryAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(npgsqlBatch.BatchCommands[i].RecordsAffected);
        }
    }

    private static NpgsqlBatchCommand ToCommand(StoreWrite write, long now) => write switch
    {
        StateWrite { ExpectedVersion: null } w => Command(StoreSql.InsertState, ("type", w.Key.GrainType), ("key", w.Key.GrainKey), ("name", w.Key.StateName), ("data", w.Json), ("now", now)),
        StateWrite w => Command(StoreSql.UpdateState, ("type", w.Key.GrainType), ("key", w.Key.GrainKey), ("name", w.Key.StateName), ("data", w.Json), ("now", now), ("version", w.ExpectedVersion)),
        ReminderUpsert { Entry: var e } => Command(StoreSql.UpsertReminder, ("type", e.GrainId.Type), ("key", e.GrainId.Key), ("name", e.Name),
            ("first", e.FirstDue.ToUnixTimeMilliseconds()), ("due", e.DueAt.ToUnixTimeMilliseconds()), ("period", (long?)e.Period?.TotalMilliseconds), ("generation", e.Generation)),
        ReminderDelete { Generation: null } d => Command(StoreSql.DeleteReminder, ("type", d.GrainId.Type), ("key", d.GrainId.Key), ("name", d.Name)),
        ReminderDelete d => Command(StoreSql.DeleteReminderGeneration, ("type", d.GrainId.Type), ("key", d.GrainId.Key), ("name", d.Name), ("generation", d.Generation)),
        ReminderReschedule r => Command(StoreSql.RescheduleReminder, ("type", r.GrainId.Type), ("key", r.GrainId.Key), ("name", r.Name), ("due", r.DueAtMs), ("generation", r.Generation)),
        LogAppend a => Command(StoreSql.AppendLog, ("name", a.Log.Name), ("key", a.Log.Key), ("seq", a.Sequence), ("idempotency", a.IdempotencyKey), ("now", now), ("data", a.Data)),
        LogTrim t => Command(StoreSql.TrimLog, ("name", t.Log.Name), ("key", t.Log.Key), ("seq", t.UpToSequence)),
        LogExpire e => Command(StoreSql.ExpireLog, ("name", e.LogName), ("before", e.BeforeMs)),
        _ => throw new ArgumentOutOfRangeException(nameof(write), write.GetType().Name),
    };

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, name is "data" or "idempotency" ? NpgsqlTypes.NpgsqlDbType.Text : NpgsqlTypes.NpgsqlDbType.Bigint) { Value = DBNull.Value }
                : new NpgsqlParameter(name, value));
        }

        return command;
    }

    public override async Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(StoreSql.ReadLog);
        command.Parameters.AddWithValue("name", log.Name);
        command.Parameters.AddWithValue("key", log.Key);
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", (long)maxCount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LogEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2)));
        }

        return entries;
    }

    public override async Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(StoreSql.ReadLastLogSequence);
        command.Parameters.AddWithValue("name", log.Name);
        command.Parameters.AddWithValue("key", log.Key);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public override async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(StoreSql.ReadReminders);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ToReminder(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetInt64(6)));
        }

        return entries;
    }

    public override async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return exception.Message;
        }
    }

    protected override ValueTask CloseAsync() => _dataSource.DisposeAsync();
}
