using Coordination.Grains.Alerts;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Devices;

/// <summary>
/// Commands to the device. A command is stored as sent before it is handed to the broker, so a node that dies in
/// between leaves it sent, and it expires with an alert. One reminder, due at the earliest expiry of an open command,
/// expires what is due (alert first, then the write: a crash in between repeats an alert that its key makes a no-op)
/// and moves itself on to the next expiry, or goes when none is open.
/// </summary>
public sealed partial class DeviceGrain
{
    private const string CommandExpiryReminder = "command-expiry";

    private DeviceCommandOptions CommandOptions => Monitoring.Commands;

    public async Task<DeviceCommand> SendCommand(DeviceCommandRequest request, DeviceCommandSender sender)
    {
        var registration = State.Registration ?? throw new InvalidOperationException($"Device {GetPrimaryKeyString()} is not registered.");
        var now = TimeProvider.GetUtcNow();
        var expiresAt = request.Validate(registration, now, CommandOptions);
        if (State.Commands.OpenCount() >= CommandOptions.MaxOpen)
        {
            throw new DeviceCommandRefusedException(ProblemText.Of("device.tooManyOpen", ("device", registration.DeviceId), ("max", CommandOptions.MaxOpen)));
        }

        var command = new DeviceCommand($"cmd-{Guid.CreateVersion7(now):N}", request.Kind, request.Text, sender, now, expiresAt, DeviceCommandStatus.Sent);
        // The reminder before the write: a crash between the two leaves a reminder that finds nothing, never an open command without one.
        if (State.Commands.NextExpiry() is not { } next || expiresAt < next)
        {
            await RegisterOrUpdateReminder(CommandExpiryReminder, expiresAt);
        }

        State.Commands.Add(command);
        await CommitAsync(); // failed: the command is not kept (unless the write did land), and is not handed over

        var handed = await HandOverAsync(command) is { } reason ? command.NotSent(reason) : command.Delivered(TimeProvider.GetUtcNow());
        State.Commands.Update(handed, CommandOptions.KeepSettled);
        await CommitAsync();
        return handed;
    }

    public async Task<TelemetryOutcome> AcknowledgeCommand(DeviceCommandAck ack)
    {
        if (State.Registration is null)
        {
            return TelemetryOutcome.Unregistered;
        }

        if (State.Commands.Find(ack.CommandId) is null)
        {
            throw new ArgumentException($"Device {GetPrimaryKeyString()} has no command '{ack.CommandId}'.", nameof(ack));
        }

        // An answer that arrives after the expiry is late even if the reminder has not run yet: expire first.
        var now = TimeProvider.GetUtcNow();
        var expired = await ExpireDueAsync(now);
        var answered = State.Commands.Find(ack.CommandId)!.Answered(ack, now);
        if (answered is not null)
        {
            State.Commands.Update(answered, CommandOptions.KeepSettled);
            State.LastSeenAt = now;
            State.SilentAlerted = false;
        }

        if (expired || answered is not null)
        {
            await CommitAsync();
        }

        return answered is null ? TelemetryOutcome.Duplicate : TelemetryOutcome.Accepted;
    }

    public Task<IReadOnlyList<DeviceCommand>> GetCommands() => Task.FromResult(State.Commands.MostRecentFirst());

    /// <summary>Hands <paramref name="command"/> to the broker: null once it acknowledged, else why it did not.</summary>
    private async Task<string?> HandOverAsync(DeviceCommand command)
    {
        using var timeout = new CancellationTokenSource(CommandOptions.PublishTimeout, TimeProvider);
        try
        {
            await channel.PublishAsync(command.ToMessage(GetPrimaryKeyString()), timeout.Token);
            return null;
        }
        catch (DeviceCommandNotSentException notSent)
        {
            return notSent.Message;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"The broker did not acknowledge the command within {CommandOptions.PublishTimeout.TotalSeconds:0.#} s.";
        }
    }

    /// <summary>The expiry reminder's tick: expires what is due, then moves the reminder to the next expiry or removes it.</summary>
    private async Task ExpireCommandsAsync()
    {
        if (await ExpireDueAsync(TimeProvider.GetUtcNow()))
        {
            await CommitAsync(); // failed: the commands are open again in memory too, for the next tick
        }

        if (State.Commands.NextExpiry() is { } next)
        {
            await RegisterOrUpdateReminder(CommandExpiryReminder, next);
        }
        else
        {
            await UnregisterReminder(CommandExpiryReminder);
        }
    }

    /// <summary>Alerts the sender of each open command due at <paramref name="now"/>, then marks those expired (the caller stores it); false if none was due.</summary>
    private async Task<bool> ExpireDueAsync(DateTimeOffset now)
    {
        var due = State.Commands.DueAt(now);
        if (due.Count == 0)
        {
            return false;
        }

        // State changes only after every alert went out: a failed alert leaves the commands open for the reminder's next tick.
        await Task.WhenAll(due.Select(c => AlertAsync(AlertKind.DeviceCommandExpired,
            AlertText.Of(AlertWordings.DeviceCommandExpired, ("device", GetPrimaryKeyString()), ("command", c.Kind), ("commandId", c.Id), ("sender", c.Sender.UserId)),
            $"command-expired/{c.Id}", c.Sender.IsJudge ? c.Sender.UserId : null)));
        foreach (var command in due)
        {
            State.Commands.Update(command.Expired(), CommandOptions.KeepSettled);
        }

        return true;
    }
}
