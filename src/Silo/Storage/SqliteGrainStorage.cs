using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Coordination.Silo.Storage;

/// <summary>
/// Grain state in one SQLite file (Microsoft.Data.Sqlite), keyed by grain type, grain key and state name.
/// Every write is checked against the ETag the grain holds: a stale ETag, an ETag when nothing is stored, or no
/// ETag when a row exists throws <see cref="InconsistentStateException"/> and changes nothing. Concurrent writes
/// (of different grains) are group-committed, and each completes only after its transaction committed.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly SqliteDatabases _databases;
    private readonly IActivatorProvider _activators;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private SqliteDatabase? _database;

    internal SqliteGrainStorage(string name, SqliteGrainStorageOptions options, SqliteDatabases databases, IActivatorProvider activators,
        TimeProvider timeProvider, ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _databases = databases;
        _activators = activators;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private SqliteDatabase Database => _database ?? throw new InvalidOperationException($"SQLite grain storage '{_name}' is not started.");

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(_name), _options.InitStage, StartAsync, StopAsync);

    /// <summary>Opens the storage outside a silo (the node's verbs); <see cref="CloseAsync"/> ends it.</summary>
    internal Task OpenAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    /// <summary>Closes storage opened with <see cref="OpenAsync"/>.</summary>
    internal Task CloseAsync() => StopAsync(CancellationToken.None);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var database = _databases.Acquire(_options.DatabasePath, _options.MaxBatchSize);
        try
        {
            await database.WriteAsync(context => context.ExecuteScript(SqliteGrainStorageSql.Schema));
        }
        catch
        {
            await _databases.ReleaseAsync(database);
            throw;
        }

        _database = database;
        LogStarted(_name, database.Path, database.MaxBatchSize);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await _databases.ReleaseAsync(database);
        }
    }

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = ReadRow(stateName, grainId);
        grainState.State = stored?.Payload is { } payload ? _options.GrainStorageSerializer.Deserialize<T>(payload) ?? NewState<T>() : NewState<T>();
        grainState.ETag = stored?.Etag;
        grainState.RecordExists = stored?.Payload is not null;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var etag = await WriteRowAsync(stateName, grainId, Held(grainState.ETag), payload, "write");
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Held(grainState.ETag);
        if (etag is null)
        {
            // Nothing to clear as far as the grain knows: fine if nothing is stored, a conflict if something is.
            if (ReadRow(stateName, grainId) is { } stored)
            {
                throw Conflict("clear", stateName, grainId, null, stored.Etag);
            }
        }
        else if (_options.DeleteStateOnClear)
        {
            await DeleteRowAsync(stateName, grainId, etag);
            grainState.ETag = null;
        }
        else
        {
            grainState.ETag = await WriteRowAsync(stateName, grainId, etag, null, "clear");
        }

        grainState.State = NewState<T>();
        grainState.RecordExists = false;
    }

    private (byte[]? Payload, string Etag)? ReadRow(string stateName, GrainId grainId) =>
        Database.Read(SqliteGrainStorageSql.Read,
            static rows => rows.Read() ? ((byte[]?, string)?)(rows.IsDBNull(0) ? null : (byte[])rows.GetValue(0), Format(rows.GetInt64(1))) : null,
            grainId.Type.ToString(), grainId.Key.ToString(), stateName);

    private async Task<string> WriteRowAsync(string stateName, GrainId grainId, string? etag, byte[]? payload, string operation)
    {
        var (type, key) = (grainId.Type.ToString(), grainId.Key.ToString());
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        long written;
        if (etag is null)
        {
            written = await Database.WriteAsync(context =>
            {
                var next = context.NextEtag();
                return context.Execute(SqliteGrainStorageSql.Insert, type, key, stateName, next, payload, now) == 1 ? next : 0;
            });
        }
        else
        {
            var expected = Parse(etag) ?? throw Conflict(operation, stateName, grainId, etag, null);
            written = await Database.WriteAsync(context =>
            {
                var next = context.NextEtag();
                return context.Execute(SqliteGrainStorageSql.Update, type, key, stateName, next, payload, now, expected) == 1 ? next : 0;
            });
        }

        return written != 0 ? Format(written) : throw Conflict(operation, stateName, grainId, etag, ReadRow(stateName, grainId)?.Etag);
    }

    private async Task DeleteRowAsync(string stateName, GrainId grainId, string etag)
    {
        var (type, key) = (grainId.Type.ToString(), grainId.Key.ToString());
        var expected = Parse(etag) ?? throw Conflict("clear", stateName, grainId, etag, null);
        var deleted = await Database.WriteAsync(context => context.Execute(SqliteGrainStorageSql.Delete, type, key, stateName, expected));
        if (deleted != 1)
        {
            throw Conflict("clear", stateName, grainId, etag, ReadRow(stateName, grainId)?.Etag);
        }
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, string? storedEtag) =>
        new($"SQLite grain storage '{_name}': version conflict on {operation} of state '{stateName}' of {grainId}: the grain holds ETag " +
            $"{etag ?? "none"}, the database {storedEtag ?? "none"}.", storedEtag ?? "", etag ?? "");

    /// <summary>The ETag a grain holds; an empty one means none, as in Orleans' own providers.</summary>
    private static string? Held(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    private static string Format(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    private static long? Parse(string etag) => long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage {Name} opened {Path} (group commits of up to {MaxBatchSize} writes)")]
    private partial void LogStarted(string name, string path, int maxBatchSize);
}
