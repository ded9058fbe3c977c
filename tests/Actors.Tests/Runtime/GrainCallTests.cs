using Coordination.Actors.Testing;
using Coordination.Actors.Tests.Grains;

namespace Coordination.Actors.Tests.Runtime;

public sealed class GrainCallTests : IAsyncLifetime
{
    private TestNode _node = null!;

    private IGrainFactory Grains => _node.Client;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(configureActors: o => o.AddJsonContext(TestJsonContext.Default));

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task GetGrain_ReferenceReachesTheGrainWithThatKey()
    {
        var key = NewKey();
        Assert.Equal($"{key}:hi", await Grains.GetGrain<IProbeGrain>(key).Echo("hi"));
    }

    [Fact]
    public async Task GrainMethodException_ReachesCallerAsThrown_AndActivationKeepsServing()
    {
        var grain = Grains.GetGrain<IProbeGrain>(NewKey());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Throw("bad input"));
        Assert.StartsWith("bad input", error.Message);
        Assert.EndsWith(":still here", await grain.Echo("still here"));
        Assert.Equal(1, ProbeGrain.Constructions[grain.GetPrimaryKeyString()]);
    }

    [Fact]
    public async Task MethodThrowingBeforeItReturnsATaskWithAResult_ReachesCallerAsThrown()
    {
        var grain = Grains.GetGrain<IProbeGrain>(NewKey());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowBeforeReturning("no task"));
        Assert.StartsWith("no task", error.Message);
        Assert.EndsWith(":still here", await grain.Echo("still here"));
    }

    [Fact]
    public async Task ColdGrain_HundredRacingCallers_GetExactlyOneActivation()
    {
        var key = NewKey();
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 100).Select(i => Task.Run(() =>
        {
            start.Wait();
            return Grains.GetGrain<IProbeGrain>(key).Echo(i.ToString());
        })).ToArray();
        start.Set();
        await Task.WhenAll(callers);
        Assert.Equal(1, ProbeGrain.Constructions[key]);
    }

    [Fact]
    public async Task Calls_RunOneAtATime_InArrivalOrder()
    {
        var key = NewKey();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        var calls = Enumerable.Range(0, 50).Select(grain.Enter).ToArray();
        ProbeGrain.Gate(key).SetResult();
        Assert.Equal(Enumerable.Range(0, 50), await Task.WhenAll(calls));
        Assert.Equal(Enumerable.Range(0, 50), await grain.Order());
        Assert.Equal(1, await grain.MaxConcurrent());
    }

    [Fact]
    public async Task GrainToGrainCall_ReturnsTheOtherGrainsAnswer()
    {
        var other = NewKey();
        Assert.Equal($"{other}:ping".Length, await Grains.GetGrain<IProbeGrain>(NewKey()).Ping(other));
    }

    [Fact]
    public async Task CallChainBackToAWaitingGrain_FailsAtOnceNamingTheCycle()
    {
        var a = NewKey();
        var b = NewKey();
        var error = await Assert.ThrowsAsync<CallCycleException>(() => Grains.GetGrain<IProbeGrain>(a).CallAndWait(b));
        Assert.Contains($"probe/{a} (IProbeGrain.CallAndWait) -> probe/{b} (IProbeGrain.CallBack) -> probe/{a} (IProbeGrain.Echo)", error.Message);
        Assert.EndsWith(":ok", await Grains.GetGrain<IProbeGrain>(a).Echo("ok"));
    }

    [Fact]
    public async Task CallNotAnsweredWithinTimeout_FailsNamingGrainAndMethod()
    {
        var key = NewKey();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        var stuck = grain.Enter(1);
        await Wait.UntilAsync(() => ProbeGrain.Constructions.ContainsKey(key), "the grain to activate");
        _node.Time.Advance(TimeSpan.FromSeconds(31));
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => stuck);
        Assert.Equal($"Call to IProbeGrain.Enter on grain probe/{key} did not complete within 30 s.", error.Message);
        ProbeGrain.Gate(key).SetResult();
    }

    [Fact]
    public async Task IdleActivation_IsCollectedAfterCollectionAge_AndReactivatesOnNextCall()
    {
        var key = NewKey();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        await grain.Echo("first");
        _node.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.False(ProbeGrain.Deactivations.ContainsKey(key));
        _node.Time.Advance(TimeSpan.FromMinutes(2));
        await Wait.UntilAsync(() => ProbeGrain.Deactivations.ContainsKey(key), "idle collection");
        await grain.Echo("again");
        Assert.Equal(2, ProbeGrain.Constructions[key]);
    }

    [Fact]
    public async Task DeactivateOnIdle_NextCallGetsAFreshActivation()
    {
        var key = NewKey();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        await grain.Deactivate();
        await Wait.UntilAsync(() => ProbeGrain.Deactivations.ContainsKey(key), "requested deactivation");
        await grain.Echo("again");
        Assert.Equal(2, ProbeGrain.Constructions[key]);
    }

    [Fact]
    public async Task FailedActivation_FailsTheWaitingCall_AndTheNextCallActivatesAgain()
    {
        var grain = Grains.GetGrain<IFailingActivationGrain>(NewKey());
        await Assert.ThrowsAsync<InvalidOperationException>(grain.Hello);
        Assert.Equal("hello", await grain.Hello());
    }

    [Fact]
    public async Task Shutdown_LetsRunningCallFinish_ThenDeactivatesEveryGrain()
    {
        var key = NewKey();
        var running = Grains.GetGrain<IProbeGrain>(key).Enter(7);
        await Wait.UntilAsync(() => ProbeGrain.Constructions.ContainsKey(key), "the grain to activate");
        var stopping = _node.StopAsync();
        Assert.False(stopping.IsCompleted);
        ProbeGrain.Gate(key).SetResult();
        Assert.Equal(7, await running);
        await stopping;
        Assert.Equal(1, ProbeGrain.Deactivations[key]);
    }

    [Fact]
    public void GetGrain_WithEmptyKey_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Grains.GetGrain<IProbeGrain>(""));
}
