using Coordination.Actors.Testing;
using Coordination.Actors.Tests.Grains;

namespace Coordination.Actors.Tests.Timers;

public sealed class TimerTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task GrainTimer_TicksAsTurnsOfTheGrain_UntilDisposed()
    {
        var grain = _node.Client.GetGrain<ITimerGrain>(Guid.NewGuid().ToString("N"));
        await grain.Start(TimeSpan.FromSeconds(10));
        for (var i = 1; i <= 3; i++)
        {
            _node.Time.Advance(TimeSpan.FromSeconds(10));
            await Wait.UntilAsync(() => grain.Ticks().Result == i, $"tick {i}");
        }

        await grain.Stop();
        _node.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, await grain.Ticks());
    }

    [Fact]
    public async Task GrainTimer_StopsWhenTheGrainDeactivates()
    {
        var key = Guid.NewGuid().ToString("N");
        await _node.Client.GetGrain<ITimerGrain>(key).Start(TimeSpan.FromMinutes(10));
        _node.Time.Advance(TimeSpan.FromMinutes(10));
        await Wait.UntilAsync(() => _node.Client.GetGrain<ITimerGrain>(key).Ticks().Result == 1, "first tick");
        await _node.Runtime.Catalog.Activations.Single(a => a.GrainId.Key == key).RequestDeactivation(DeactivationReason.Requested);
        _node.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await _node.Client.GetGrain<ITimerGrain>(key).Ticks());
    }
}
