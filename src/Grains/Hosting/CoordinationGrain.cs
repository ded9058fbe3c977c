using Coordination.Grains.Alerts;
using Coordination.Grains.Changes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Coordination.Grains.Hosting;

/// <summary>
/// The base of our grains: Orleans' <see cref="Grain"/> with the node's clock, reminders due at an instant, and the
/// alert log. Orleans reminders are periodic; a reminder here fires at its instant and then, until the grain
/// re-registers or removes it, again every <see cref="ReminderCadence.Period"/>, so a tick whose handling failed (or
/// that came due while the node was down) is delivered again soon instead of never.
/// </summary>
public abstract partial class CoordinationGrain : Grain
{
    private TimeProvider? _timeProvider;

    /// <summary>The key this grain is addressed with.</summary>
    protected string GetPrimaryKeyString() => GrainExtensions.GetPrimaryKeyString(this);

    /// <summary>The node's clock (a fake one in tests). Use it, never the system clock.</summary>
    protected TimeProvider TimeProvider => _timeProvider ??= ServiceProvider.GetRequiredService<TimeProvider>();

    /// <summary>The durable alert log and its live streams.</summary>
    protected AlertLog Alerts => ServiceProvider.GetRequiredService<AlertLog>();

    /// <summary>A stream provider of the node (live, in memory).</summary>
    protected IStreamProvider GetStreamProvider(string name = StreamNames.Provider) => GrainStreamingExtensions.GetStreamProvider(this, name);

    /// <summary>Registers or moves the reminder <paramref name="name"/> to fire at <paramref name="dueAt"/> (at once if that has passed).</summary>
    protected Task RegisterOrUpdateReminder(string name, DateTimeOffset dueAt) => RegisterOrUpdateReminder(name, dueAt - TimeProvider.GetUtcNow());

    /// <summary>
    /// Registers or moves the reminder <paramref name="name"/> to fire after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/> (default: the cadence). A reminder due now also runs at once in this activation (a
    /// one-shot grain timer): the reminder is the durable retry, the timer saves waiting for the reminder service's next turn.
    /// </summary>
    protected async Task RegisterOrUpdateReminder(string name, TimeSpan dueTime, TimeSpan? period = null)
    {
        var every = period ?? ServiceProvider.GetRequiredService<ReminderCadence>().Period;
        await GrainReminderExtensions.RegisterOrUpdateReminder(this, name, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, every);
        if (dueTime <= TimeSpan.Zero && this is IRemindable remindable)
        {
            var now = TimeProvider.GetUtcNow().UtcDateTime;
            IGrainTimer? timer = null;
            timer = this.RegisterGrainTimer(async () =>
            {
                timer?.Dispose();
                await remindable.ReceiveReminder(name, new TickStatus(now, every, now));
            }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>Removes the reminder <paramref name="name"/>; nothing happens if there is none.</summary>
    protected async Task UnregisterReminder(string name)
    {
        if (await GrainReminderExtensions.GetReminder(this, name) is { } reminder)
        {
            await GrainReminderExtensions.UnregisterReminder(this, reminder);
        }
    }

    /// <summary>Publishes <paramref name="alert"/> once per <paramref name="idempotencyKey"/> to its judge, its court and the command centre.</summary>
    protected Task PublishAlertOnceAsync(Alert alert, string idempotencyKey) => Alerts.PublishOnceAsync(alert, idempotencyKey);

    /// <summary>
    /// Tells the pages watching <paramref name="subject"/> (<see cref="ChangeStreams"/>) that it changed. Call it after the
    /// change is stored. A signal that cannot be sent is logged, never thrown: the change stands, and a page reads
    /// everything again when it reconnects.
    /// </summary>
    protected async Task SignalChangeAsync(string subject)
    {
        try
        {
            await ChangeStreams.For(GetStreamProvider(), subject).OnNextAsync(new Change(subject, TimeProvider.GetUtcNow()));
        }
        catch (Exception exception)
        {
            LogSignalFailed(ServiceProvider.GetRequiredService<ILogger<CoordinationGrain>>(), exception, subject);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not signal a change of {Subject}; its pages see it when they read again")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, string subject);
}

/// <summary>How often a reminder that is not moved fires again after its instant.</summary>
/// <param name="Period">At least Orleans' <c>ReminderOptions.MinimumReminderPeriod</c> (1 minute by default).</param>
public sealed record ReminderCadence(TimeSpan Period)
{
    /// <summary>One minute: a missed or failed tick is retried within a minute.</summary>
    public static ReminderCadence Default { get; } = new(TimeSpan.FromMinutes(1));
}
