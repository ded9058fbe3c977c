using System.Globalization;
using Coordination.Silo.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Coordination.Silo.Storage;

/// <summary>
/// Grain state in PostgreSQL (Npgsql), in <c>orleans_grain_state</c> keyed by service id, grain type, grain key and state
/// name (deploy/sql/postgres/04-grain-state.sql). Every write is checked against the ETag the grain holds: a stale ETag,
/// an ETag when nothing is stored, or no ETag when a row exists throws <see cref="InconsistentStateException"/> and
/// changes nothing. Concurrent writes (of different grains) are group-committed, a few batches at a time, and each
/// completes only after its transaction committed. Reads go straight to the pool and never wait for the writers.
/// </summary>
public sealed partial class PostgresGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly string _name;
    private readonly PostgresGrainStorageOptions _options;
    private readonly string _serviceId;
    private readonly IActivatorProvider _activators;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresGrainStorage> _logger;
    private readonly PostgresDataSources _dataSources;
    private NpgsqlDataSource? _dataSource;
    private PostgresGroupCommit? _writer;

    internal PostgresGrainStorage(string name, PostgresGrainStorageOptions options, string serviceId, PostgresDataSources dataSources,
        IActivatorProvider activators, TimeProvider timeProvider, ILogger<PostgresGrainStorage> logger)
    {
        _name = name;
        _dataSources = dataSources;
        _options = options;
        _serviceId = serviceId;
        _activators = activators;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The group commit of this provider (for tests: batches committed, batches run again one by one).</summary>
    internal PostgresGroupCommit Writer => _writer ?? throw NotStarted();

    private NpgsqlDataSource DataSource => _dataSource ?? throw NotStarted();

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<PostgresGrainStorage>(_name), _options.InitStage, StartAsync, StopAsync);

    /// <summary>Opens the storage outside a silo (the node's verbs); <see cref="CloseAsync"/> ends it.</summary>
    internal Task OpenAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    /// <summary>Closes storage opened with <see cref="OpenAsync"/>.</summary>
    internal Task CloseAsync() => StopAsync(CancellationToken.None);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataSource = _dataSources.Get(_options.ConnectionString);
        if (await PostgresSchemaCheck.FindProblemAsync(dataSource, [PostgresSchemaCheck.GrainState], cancellationToken) is { } problem)
        {
            throw new OrleansConfigurationException($"PostgreSQL grain storage '{_name}': {problem}");
        }

        _dataSource = dataSource;
        _writer = new PostgresGroupCommit(dataSource, _options.MaxBatchSize, _options.ConcurrentCommits, $"PostgreSQL grain storage '{_name}'");
        LogStarted(_name, PostgresDataSources.Describe(_options.ConnectionString), _options.MaxBatchSize, _options.ConcurrentCommits);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writer, null) is { } writer)
        {
            await writer.DisposeAsync();
        }

        _dataSource = null; // the pool is the node's (PostgresDataSources), closed after every store that uses it
    }

    /// <summary>Commits what is queued, as the silo's stop does; safe to call more than once.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await ReadRowAsync(Key(stateName, grainId));
        grainState.State = stored?.Payload is { } payload ? _options.GrainStorageSerializer.Deserialize<T>(payload) ?? NewState<T>() : NewState<T>();
        grainState.ETag = stored?.Etag;
        grainState.RecordExists = stored?.Payload is not null;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await WriteRowAsync(Key(stateName, grainId), Held(grainState.ETag), payload, "write");
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var etag = Held(grainState.ETag);
        if (etag is null)
        {
            // Nothing to clear as far as the grain knows: fine if nothing is stored, a conflict if something is.
            if (await ReadRowAsync(key) is { } stored)
            {
                throw Conflict("clear", key, null, stored.Etag);
            }
        }
        else if (_options.DeleteStateOnClear)
        {
            var expected = Parse(etag) ?? throw Conflict("clear", key, etag, null);
            if (await Writer.WriteAsync(PostgresWrite.Delete(key, expected)) is null)
            {
                throw Conflict("clear", key, etag, (await ReadRowAsync(key))?.Etag);
            }

            grainState.ETag = null;
        }
        else
        {
            grainState.ETag = await WriteRowAsync(key, etag, null, "clear");
        }

        grainState.State = NewState<T>();
        grainState.RecordExists = false;
    }

    private PostgresStateKey Key(string stateName, GrainId grainId) => new(_serviceId, grainId.Type.ToString(), grainId.Key.ToString(), stateName);

    private async Task<(byte[]? Payload, string Etag)?> ReadRowAsync(PostgresStateKey key)
    {
        await using var command = DataSource.CreateCommand(PostgresGrainStorageSql.Read);
        key.AddTo(command.Parameters);
        await using var row = await command.ExecuteReaderAsync();
        return await row.ReadAsync() ? (row.IsDBNull(0) ? null : row.GetFieldValue<byte[]>(0), Format(row.GetInt64(1))) : null;
    }

    private async Task<string> WriteRowAsync(PostgresStateKey key, string? etag, byte[]? payload, string operation)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var write = etag is null
            ? PostgresWrite.Insert(key, payload!, now)
            : PostgresWrite.Update(key, payload, now, Parse(etag) ?? throw Conflict(operation, key, etag, null));
        return await Writer.WriteAsync(write) is { } written
            ? Format(written)
            : throw Conflict(operation, key, etag, (await ReadRowAsync(key))?.Etag);
    }

    private T NewState<T>() => _activators.GetActivator<T>().Create();

    private InvalidOperationException NotStarted() => new($"PostgreSQL grain storage '{_name}' is not started.");

    private InconsistentStateException Conflict(string operation, PostgresStateKey key, string? etag, string? storedEtag) =>
        new($"PostgreSQL grain storage '{_name}': version conflict on {operation} of state '{key.StateName}' of {key.GrainType}/{key.GrainKey}: " +
            $"the grain holds ETag {etag ?? "none"}, the database {storedEtag ?? "none"}.", storedEtag ?? "", etag ?? "");

    /// <summary>The ETag a grain holds; an empty one means none, as in Orleans' own providers.</summary>
    private static string? Held(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    private static string Format(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    private static long? Parse(string etag) => long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL grain storage {Name} on {Database} (group commits of up to {MaxBatchSize} writes, {ConcurrentCommits} at once)")]
    private partial void LogStarted(string name, string database, int maxBatchSize, int concurrentCommits);
}
