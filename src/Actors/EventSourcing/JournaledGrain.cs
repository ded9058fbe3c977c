using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coordination.Actors.Logs;
using Coordination.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Actors.EventSourcing;

/// <summary>
/// A grain whose state is the fold of its events, like Orleans' <c>JournaledGrain</c>. Each event is
/// appended durably to the grain's journal (an <see cref="ILogStorage"/> log named after the grain type)
/// before it is applied; a snapshot of the state is written every <see cref="SnapshotInterval"/> events
/// so activation reads the snapshot plus the few events after it.
/// </summary>
/// <typeparam name="TState">The state; needs JSON metadata (see <see cref="ActorsOptions.AddJsonContext"/>).</typeparam>
/// <typeparam name="TEvent">The event type; needs JSON metadata.</typeparam>
public abstract class JournaledGrain<TState, TEvent> : Grain where TState : class, new()
{
    private readonly ILogStorage _logs;
    private readonly IGrainStorage _snapshots;
    private readonly JsonTypeInfo<TState> _stateType;
    private readonly JsonTypeInfo<TEvent> _eventType;
    private string? _snapshotEtag;
    private long _snapshotVersion;

    /// <summary>Grains are constructed by the runtime only.</summary>
    protected JournaledGrain()
    {
        var runtime = Activation.Runtime;
        _logs = runtime.Services.GetRequiredService<ILogStorage>();
        _snapshots = runtime.Storage.Get(null);
        _stateType = JsonMetadata.Require<TState>(runtime.JsonOptions, $"journaled state of {GrainId}");
        _eventType = JsonMetadata.Require<TEvent>(runtime.JsonOptions, $"events of {GrainId}");
        Journal = new LogId(GrainId.Type, GrainId.Key);
        Activation.AddStateLoader(new Loader(this));
    }

    /// <summary>The confirmed state: every event appended so far, applied in order.</summary>
    protected TState State { get; private set; } = new();

    /// <summary>How many events have been applied (the sequence number of the last one).</summary>
    protected long Version { get; private set; }

    /// <summary>How many events the last stored snapshot covers.</summary>
    protected long SnapshotVersion => _snapshotVersion;

    /// <summary>The log holding this grain's events.</summary>
    protected LogId Journal { get; }

    /// <summary>Events between snapshots. Default 100; 1 writes a snapshot after every event; <see cref="int.MaxValue"/> leaves snapshots to the grain (<see cref="WriteSnapshotAsync"/>).</summary>
    protected virtual int SnapshotInterval => 100;

    /// <summary>True (default) keeps every event; false deletes events a snapshot already covers.</summary>
    protected virtual bool KeepsEvents => true;

    /// <summary>Applies one event to the state. Called for new and replayed events alike; must not throw.</summary>
    protected abstract void TransitionState(TState state, TEvent @event);

    /// <summary>
    /// Appends <paramref name="event"/> to the journal, then applies it. Completes once the event is durable.
    /// Fails with <see cref="InconsistentStateException"/> (and applies nothing) if the journal already has
    /// an event at the next version: something else wrote this grain's journal.
    /// </summary>
    protected async Task RaiseEventAsync(TEvent @event)
    {
        var version = Version + 1;
        if (!await _logs.AppendAsync(Journal, version, JsonSerializer.Serialize(@event, _eventType)))
        {
            throw new InconsistentStateException(
                $"The journal {Journal} already holds event {version}: another writer appended to it since this activation read it. Nothing was appended.");
        }

        TransitionState(State, @event);
        Version = version;
        if (Version - _snapshotVersion >= SnapshotInterval)
        {
            await WriteSnapshotAsync();
        }
    }

    /// <summary>Writes a snapshot of the current state now.</summary>
    protected async Task WriteSnapshotAsync()
    {
        _snapshotEtag = await _snapshots.WriteAsync(JournalSnapshot.KeyOf(GrainId), JournalSnapshot.Serialize(Version, State, _stateType), _snapshotEtag);
        _snapshotVersion = Version;
        if (!KeepsEvents)
        {
            await _logs.TrimAsync(Journal, Version);
        }
    }

    /// <summary>The stored events after <paramref name="afterVersion"/>, as stored (for export and verification).</summary>
    protected Task<IReadOnlyList<LogEntry>> ReadJournalAsync(long afterVersion = 0) => _logs.ReadAsync(Journal, afterVersion);

    /// <summary>The snapshot as stored now (not the state in memory), for verification; null if none was written.</summary>
    protected Task<JournalSnapshot<TState>?> ReadStoredSnapshotAsync() => JournalSnapshot.ReadAsync(_snapshots, GrainId, _stateType);

    /// <summary>Reads one stored event.</summary>
    protected TEvent DeserializeEvent(LogEntry entry) =>
        JsonSerializer.Deserialize(entry.Data, _eventType) ?? throw new JsonException($"Event {entry.Sequence} of {Journal} is empty.");

    private async Task LoadAsync()
    {
        if (await JournalSnapshot.ReadAsync(_snapshots, GrainId, _stateType) is { } snapshot)
        {
            Version = _snapshotVersion = snapshot.Version;
            State = snapshot.State;
            _snapshotEtag = snapshot.Etag;
        }

        // Events after the snapshot: normally none or a few (written since, or before a crash).
        foreach (var entry in await _logs.ReadAsync(Journal, Version))
        {
            TransitionState(State, DeserializeEvent(entry));
            Version = entry.Sequence;
        }
    }

    private sealed class Loader(JournaledGrain<TState, TEvent> grain) : IPersistentStateLoader
    {
        public Task ReadStateAsync() => grain.LoadAsync();
    }
}
