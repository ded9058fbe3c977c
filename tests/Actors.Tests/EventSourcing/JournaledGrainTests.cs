using Coordination.Actors.Logs;
using Coordination.Actors.Testing;
using Coordination.Actors.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Actors.Tests.EventSourcing;

public sealed class JournaledGrainTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(configureActors: o => o.AddJsonContext(TestJsonContext.Default));

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Events_AreAppliedInOrder_AndKeptInTheJournal()
    {
        var ledger = _node.Client.GetGrain<ILedgerGrain>(NewKey());
        Assert.Equal(5, await ledger.Post(5));
        Assert.Equal(2, await ledger.Post(-3));
        Assert.Equal((2, 2L), await ledger.Get());
        Assert.Equal(2, await ledger.StoredEventCount());
    }

    [Fact]
    public async Task AfterRestart_StateIsTheSnapshotPlusTheEventsAfterIt()
    {
        var key = NewKey();
        var ledger = _node.Client.GetGrain<ILedgerGrain>(key);
        for (var i = 1; i <= 5; i++)
        {
            await ledger.Post(i); // snapshot after the third; events 4 and 5 only in the journal
        }

        await _node.RestartAsync();
        Assert.Equal((15, 5L), await _node.Client.GetGrain<ILedgerGrain>(key).Get());
    }

    [Fact]
    public async Task AnEventAppendedBehindTheActivationsBack_FailsTheNextRaiseWithAConcurrencyError()
    {
        var key = NewKey();
        var ledger = _node.Client.GetGrain<ILedgerGrain>(key);
        await ledger.Post(1);
        var logs = _node.Services.GetRequiredService<ILogStorage>();
        Assert.True(await logs.AppendAsync(new LogId("ledger", key), 2, """{"amount":100}"""));
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => ledger.Post(1));
        Assert.Contains("ledger/" + key, error.Message);
        Assert.Equal((1, 1L), await ledger.Get());
    }
}
