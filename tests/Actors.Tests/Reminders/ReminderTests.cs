using Coordination.Actors.Reminders;
using Coordination.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Coordination.Actors.Tests.Grains;

namespace Coordination.Actors.Tests.Reminders;

public sealed class ReminderTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(configureActors: o =>
    {
        o.AddJsonContext(TestJsonContext.Default);
        o.Reminders.RetryDelay = TimeSpan.FromMinutes(5);
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private IReminderGrain NewGrain() => _node.Client.GetGrain<IReminderGrain>(Guid.NewGuid().ToString("N"));

    // Also waits until the service has stored what follows each tick, before the test moves the clock on.
    private Task WaitForTicks(IReminderGrain grain, int count) =>
        Wait.UntilAsync(() => grain.Ticks().Result.Count >= count && Reminders.DeliveriesInProgress == 0, $"{count} reminder ticks");

    private ReminderService Reminders => _node.Services.GetRequiredService<ReminderService>();

    [Fact]
    public async Task OneShotReminder_FiresOnceAtItsDueTime_CarryingTheScheduledTime()
    {
        var grain = NewGrain();
        var due = _node.Time.GetUtcNow().AddHours(1);
        await grain.Schedule("notice", TimeSpan.FromHours(1), period: null);
        _node.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(await grain.Ticks());
        _node.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitForTicks(grain, 1);
        _node.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal([due], await grain.Ticks());
        Assert.Equal(0, await grain.ReminderCount());
    }

    [Fact]
    public async Task PeriodicReminder_FiresOncePerPeriod()
    {
        var grain = NewGrain();
        var start = _node.Time.GetUtcNow();
        await grain.Schedule("check", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        for (var i = 1; i <= 3; i++)
        {
            _node.Time.Advance(TimeSpan.FromMinutes(10));
            await WaitForTicks(grain, i);
        }

        Assert.Equal([start.AddMinutes(10), start.AddMinutes(20), start.AddMinutes(30)], await grain.Ticks());
    }

    [Fact]
    public async Task ReminderDueWhileTheNodeWasDown_FiresOnceSoonAfterStart_ThenKeepsItsPeriod()
    {
        var grain = NewGrain();
        var start = _node.Time.GetUtcNow();
        await grain.Schedule("renewal", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        await _node.StopAsync();
        _node.Time.Advance(TimeSpan.FromHours(5.5));
        await _node.RestartAsync();
        grain = _node.Client.GetGrain<IReminderGrain>(grain.GetPrimaryKeyString());
        _node.Time.Advance(TimeSpan.Zero);
        await WaitForTicks(grain, 1);
        Assert.Equal([start.AddHours(1)], await grain.Ticks());
        _node.Time.Advance(TimeSpan.FromMinutes(30));
        await WaitForTicks(grain, 2);
        Assert.Equal([start.AddHours(1), start.AddHours(6)], await grain.Ticks());
    }

    [Fact]
    public async Task DeliveredOneShotReminder_IsNotFiredAgainAfterRestart()
    {
        var grain = NewGrain();
        await grain.Schedule("once", TimeSpan.FromMinutes(1), period: null);
        _node.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitForTicks(grain, 1);
        await _node.RestartAsync();
        grain = _node.Client.GetGrain<IReminderGrain>(grain.GetPrimaryKeyString());
        _node.Time.Advance(TimeSpan.FromDays(1));
        Assert.Single(await grain.Ticks());
        Assert.Equal(0, await grain.ReminderCount());
    }

    [Fact]
    public async Task UnregisteredReminder_NeverFires_EvenAfterRestart()
    {
        var grain = NewGrain();
        await grain.Schedule("gone", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        await grain.Cancel("gone");
        await _node.RestartAsync();
        grain = _node.Client.GetGrain<IReminderGrain>(grain.GetPrimaryKeyString());
        _node.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await grain.Ticks());
    }

    [Fact]
    public async Task FailingTick_IsRetriedAfterTheRetryDelay_WithTheSameScheduledTime()
    {
        var grain = NewGrain();
        ReminderGrain.FailuresToInject[grain.GetPrimaryKeyString()] = 1;
        var due = _node.Time.GetUtcNow().AddMinutes(1);
        await grain.Schedule("flaky", TimeSpan.FromMinutes(1), period: null);
        _node.Time.Advance(TimeSpan.FromMinutes(1));
        await Wait.UntilAsync(() => ReminderGrain.FailuresToInject[grain.GetPrimaryKeyString()] == 0 && Reminders.DeliveriesInProgress == 0, "the failing tick");
        _node.Time.Advance(TimeSpan.FromMinutes(5));
        await WaitForTicks(grain, 1);
        Assert.Equal([due], await grain.Ticks());
    }

    [Fact]
    public async Task ReRegisteringAReminder_ReplacesItsDueTime()
    {
        var grain = NewGrain();
        var start = _node.Time.GetUtcNow();
        await grain.Schedule("deadline", TimeSpan.FromHours(1), period: null);
        await grain.Schedule("deadline", TimeSpan.FromHours(3), period: null);
        _node.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await grain.Ticks());
        _node.Time.Advance(TimeSpan.FromHours(1));
        await WaitForTicks(grain, 1);
        Assert.Equal([start.AddHours(3)], await grain.Ticks());
    }
}
