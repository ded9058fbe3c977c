using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coordination.Actors.Storage;

internal interface IPersistentStateLoader
{
    Task ReadStateAsync();
}

internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader where TState : new()
{
    private readonly IGrainStorage _storage;
    private readonly GrainStateKey _key;
    private readonly JsonTypeInfo<TState> _typeInfo;

    public PersistentState(IGrainStorage storage, GrainStateKey key, JsonSerializerOptions jsonOptions)
    {
        _storage = storage;
        _key = key;
        _typeInfo = JsonMetadata.Require<TState>(jsonOptions, $"state of {key}");
    }

    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var stored = await _storage.ReadAsync(_key);
        Etag = stored?.Etag;
        RecordExists = stored?.Json is not null;
        State = stored?.Json is { } json ? JsonSerializer.Deserialize(json, _typeInfo) ?? new() : new();
    }

    public async Task WriteStateAsync()
    {
        var json = JsonSerializer.Serialize(State, _typeInfo);
        Etag = await _storage.WriteAsync(_key, json, Etag);
        RecordExists = true;
    }

    public async Task ClearStateAsync()
    {
        Etag = await _storage.ClearAsync(_key, Etag);
        RecordExists = false;
        State = new();
    }
}

internal static class Etags
{
    public static long? ToVersion(string? etag) =>
        etag is null ? null : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);

    public static string FromVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    public static InconsistentStateException Conflict(GrainStateKey key, string? etag) =>
        new($"Stale ETag for {key}: the stored version is no longer {etag ?? "(none)"}, so another writer changed it since it was read. Nothing was written; re-read the state and try again.");
}
