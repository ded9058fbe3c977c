using Coordination.Actors.EventSourcing;

namespace Coordination.Actors.Tests.Grains;

public interface ILedgerGrain : IGrain
{
    Task<int> Post(int amount);

    Task<(int Balance, long Version)> Get();

    Task<int> StoredEventCount();
}

public sealed class LedgerState
{
    public int Balance { get; set; }
}

public sealed record LedgerPosted(int Amount);

/// <summary>A journaled grain with a small snapshot interval, so tests see both snapshot and replay.</summary>
public sealed class LedgerGrain : JournaledGrain<LedgerState, LedgerPosted>, ILedgerGrain
{
    protected override int SnapshotInterval => 3;

    public async Task<int> Post(int amount)
    {
        await RaiseEventAsync(new LedgerPosted(amount));
        return State.Balance;
    }

    public Task<(int Balance, long Version)> Get() => Task.FromResult((State.Balance, Version));

    public async Task<int> StoredEventCount() => (await ReadJournalAsync()).Count;

    protected override void TransitionState(LedgerState state, LedgerPosted @event) => state.Balance += @event.Amount;
}
