using Coordination.Actors.Storage;
using Coordination.Actors.Testing;
using Coordination.Actors.Tests.Grains;

namespace Coordination.Actors.Tests.Storage;

public abstract class PersistentStateContract : IAsyncLifetime
{
    private TestNode _node = null!;

    protected abstract StorageOptions? Storage { get; }

    public async Task InitializeAsync() =>
        _node = await TestNode.StartAsync(configureActors: o => o.AddJsonContext(TestJsonContext.Default), storage: Storage);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task State_IsReadBackByTheNextActivationAfterRestart()
    {
        var key = NewKey();
        await _node.Client.GetGrain<ICounterGrain>(key).Increment(5);
        await _node.Client.GetGrain<ICounterGrain>(key).Increment(2);
        await _node.RestartAsync();
        Assert.Equal(7, await _node.Client.GetGrain<ICounterGrain>(key).Get());
    }

    [Fact]
    public async Task ClearState_ResetsTheStateForTheNextActivation()
    {
        var key = NewKey();
        var counter = _node.Client.GetGrain<ICounterGrain>(key);
        await counter.Increment(3);
        await counter.Clear();
        Assert.Equal(0, await counter.Get());
        await _node.RestartAsync();
        Assert.Equal(1, await _node.Client.GetGrain<ICounterGrain>(key).Increment(1));
    }

    [Fact]
    public async Task StateTypeWithoutJsonMetadata_FailsTheCallWithAnErrorSayingWhatToAdd()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _node.Client.GetGrain<IUnregisteredStateGrain>(NewKey()).Get());
        Assert.Contains("[JsonSerializable(typeof(UnregisteredState))]", error.Message);
    }

    [Fact]
    public async Task Shutdown_WhileWritesAreInFlight_LosesNoAcknowledgedWrite()
    {
        var keys = Enumerable.Range(0, 300).Select(_ => NewKey()).ToArray();
        var writes = keys.Select(key => _node.Client.GetGrain<ICounterGrain>(key).Increment(1)).ToArray();
        await _node.StopAsync();
        var acknowledged = keys.Where((_, i) => writes[i].IsCompletedSuccessfully).ToArray();
        Assert.NotEmpty(acknowledged);
        await _node.RestartAsync();
        foreach (var key in acknowledged)
        {
            Assert.Equal(1, await _node.Client.GetGrain<ICounterGrain>(key).Get());
        }
    }
}

public sealed class SqlitePersistentStateTests : PersistentStateContract
{
    protected override StorageOptions? Storage => null;
}

/// <summary>Needs the PostgreSQL server that deploy/postgres.sh starts.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresPersistentStateTests : PersistentStateContract
{
    protected override StorageOptions? Storage => TestDatabases.Postgres();
}
