using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coordination.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Grains.Journals;

/// <summary>
/// A grain whose state is the fold of its events. Each event is appended durably to the grain's journal (the
/// <see cref="ILogStorage"/> log named after the grain type, keyed by the grain key) before it is applied; a snapshot
/// of the state (grain state <see cref="JournalSnapshots.StateName"/>) is written every <see cref="SnapshotInterval"/>
/// events, so activation reads the snapshot plus the few events after it. Plain grain state beside an append-only
/// table, rather than Orleans' JournaledGrain: the journal must be the hash-chained, queryable case record.
/// </summary>
/// <typeparam name="TState">The state.</typeparam>
/// <typeparam name="TEvent">The event type; stored as JSON (see <see cref="GrainsJsonContext"/>).</typeparam>
public abstract class JournaledGrain<TState, TEvent> : CoordinationGrain where TState : class, new()
{
    private readonly GrainState<JournalSnapshot<TState>> _snapshot = new() { State = new() };
    private ILogStorage? _logs;
    private IGrainStorage? _snapshots;

    /// <summary>The confirmed state: every event appended so far, applied in order.</summary>
    protected TState State { get; private set; } = new();

    /// <summary>How many events have been applied (the sequence number of the last one).</summary>
    protected long Version { get; private set; }

    /// <summary>How many events the last stored snapshot covers.</summary>
    protected long SnapshotVersion { get; private set; }

    /// <summary>The log holding this grain's events.</summary>
    protected LogId Journal => new(this.GetGrainId().Type.ToString()!, GetPrimaryKeyString());

    /// <summary>Events between snapshots. Default 100; <see cref="int.MaxValue"/> leaves snapshots to the grain (<see cref="WriteSnapshotAsync"/>).</summary>
    protected virtual int SnapshotInterval => 100;

    /// <summary>True (default) keeps every event; false deletes events a snapshot already covers.</summary>
    protected virtual bool KeepsEvents => true;

    /// <summary>JSON metadata of the events.</summary>
    protected abstract JsonTypeInfo<TEvent> EventType { get; }

    private ILogStorage Logs => _logs ??= ServiceProvider.GetRequiredService<ILogStorage>();

    private IGrainStorage Snapshots => _snapshots ??= ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default");

    /// <summary>Applies one event to the state. Called for new and replayed events alike; must not throw.</summary>
    protected abstract void TransitionState(TState state, TEvent @event);

    /// <summary>Reads the snapshot and the events after it. Overrides call this first.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Snapshots.ReadStateAsync(JournalSnapshots.StateName, this.GetGrainId(), _snapshot);
        _snapshot.State ??= new();
        State = _snapshot.State.State;
        Version = SnapshotVersion = _snapshot.State.Version;

        // Events after the snapshot: normally none or a few (written since, or before a crash).
        foreach (var entry in await Logs.ReadAsync(Journal, Version, cancellationToken: cancellationToken))
        {
            TransitionState(State, DeserializeEvent(entry));
            Version = entry.Sequence;
        }
    }

    /// <summary>
    /// Appends <paramref name="event"/> to the journal, then applies it. Completes once the event is durable. Fails with
    /// <see cref="InconsistentStateException"/> (and applies nothing) if the journal already has an event at the next
    /// version: something else wrote this grain's journal.
    /// </summary>
    protected async Task RaiseEventAsync(TEvent @event)
    {
        var version = Version + 1;
        if (!await Logs.AppendAsync(Journal, version, JsonSerializer.Serialize(@event, EventType)))
        {
            throw new InconsistentStateException(
                $"The journal {Journal} already holds event {version}: another writer appended to it since this activation read it. Nothing was appended.");
        }

        TransitionState(State, @event);
        Version = version;
        if (Version - SnapshotVersion >= SnapshotInterval)
        {
            await WriteSnapshotAsync();
        }
    }

    /// <summary>Writes a snapshot of the current state now.</summary>
    protected async Task WriteSnapshotAsync()
    {
        _snapshot.State = new JournalSnapshot<TState> { Version = Version, State = State };
        await Snapshots.WriteStateAsync(JournalSnapshots.StateName, this.GetGrainId(), _snapshot);
        SnapshotVersion = Version;
        if (!KeepsEvents)
        {
            await Logs.TrimAsync(Journal, Version);
        }
    }

    /// <summary>The stored events after <paramref name="afterVersion"/>, as stored (for export and verification).</summary>
    protected Task<IReadOnlyList<LogEntry>> ReadJournalAsync(long afterVersion = 0) => Logs.ReadAsync(Journal, afterVersion);

    /// <summary>The snapshot as stored now (not the state in memory), for verification; null if none was written.</summary>
    protected Task<JournalSnapshot<TState>?> ReadStoredSnapshotAsync() => JournalSnapshots.ReadAsync<TState>(Snapshots, this.GetGrainId());

    /// <summary>Reads one stored event.</summary>
    protected TEvent DeserializeEvent(LogEntry entry) =>
        JsonSerializer.Deserialize(entry.Data, EventType) ?? throw new JsonException($"Event {entry.Sequence} of {Journal} is empty.");
}
