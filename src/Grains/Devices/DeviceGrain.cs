using Coordination.Grains.Alerts;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Coordination.Grains.Devices;

/// <summary>
/// A field device. A report is checked against the delivered sequence numbers, passed to the team, then stored with the
/// new window before the call returns: a crash before the write means the bridge never acknowledged it, and the
/// redelivery is applied then; a redelivery after the write is recognised and only counted. A GPS fix with a lower
/// sequence number than the last position's, never delivered before (it fills a gap), is applied as a late fix: it goes
/// to the team's trail but does not replace the last position. A durable reminder checks for silence every half
/// <see cref="DeviceMonitoringOptions.SilentAfter"/>. Commands to the device: see <c>DeviceGrain.Commands.cs</c>.
/// </summary>
[GrainType("device")]
public sealed partial class DeviceGrain(
    [PersistentState("device")] IPersistentState<DeviceState> state, IOptions<DeploymentOptions> options, IDeviceCommandChannel channel) : CoordinationGrain, IDeviceGrain, IRemindable
{
    private const string SilenceReminder = "silence";
    private const int BatteryRecoveryPoints = 5;

    private DeviceState State => state.State;

    private DeviceMonitoringOptions Monitoring => options.Value.DeviceMonitoring;

    private IFieldTeamGrain Team => GrainFactory.GetGrain<IFieldTeamGrain>(State.Registration!.TeamId);

    public async Task Register(DeviceRegistration registration)
    {
        if (registration.DeviceId != GetPrimaryKeyString())
        {
            throw new ArgumentException($"Registration of {registration.DeviceId} sent to device {GetPrimaryKeyString()}.", nameof(registration));
        }

        if (State.Registration == registration)
        {
            return;
        }

        State.Registration = registration;
        State.LastSeenAt = TimeProvider.GetUtcNow();
        await state.WriteStateAsync();
        var check = Monitoring.SilentAfter / 2;
        await RegisterOrUpdateReminder(SilenceReminder, check, check);
    }

    public async Task<TelemetryOutcome> ReportGps(GpsFix fix)
    {
        if (Admit(fix.Sequence) is { } refused)
        {
            return refused;
        }

        // A fix older than the last one applied (it filled a gap, e.g. resent after a reconnect) belongs in the trail only.
        var late = State.LastGps is { } last && fix.Sequence < last.Sequence;
        if (!late)
        {
            State.LastGps = fix;
        }

        await CommitAsync(Team.ReportPosition(GetPrimaryKeyString(), fix, late));
        return TelemetryOutcome.Accepted;
    }

    public async Task<TelemetryOutcome> ReportStatus(BodyCamStatus status)
    {
        if (Admit(status.Sequence) is { } refused)
        {
            return refused;
        }

        State.LastStatus = status;
        var alert = Task.CompletedTask;
        if (status.BatteryPercent <= Monitoring.LowBatteryPercent && !State.BatteryLowAlerted)
        {
            State.BatteryLowAlerted = true;
            alert = AlertAsync(AlertKind.DeviceBatteryLow,
                AlertText.Of(AlertWordings.DeviceBatteryLow, ("device", GetPrimaryKeyString()), ("percent", status.BatteryPercent)), $"battery-low/{status.Sequence}");
        }
        else if (status.BatteryPercent > Monitoring.LowBatteryPercent + BatteryRecoveryPoints)
        {
            State.BatteryLowAlerted = false;
        }

        await CommitAsync(Task.WhenAll(alert, Team.ReportBodyCam(GetPrimaryKeyString(), status)));
        return TelemetryOutcome.Accepted;
    }

    public async Task<TelemetryOutcome> ReportEvidence(EvidenceReport evidence)
    {
        if (Admit(evidence.Sequence) is { } refused)
        {
            return refused;
        }

        await CommitAsync(Team.RecordEvidence(GetPrimaryKeyString(), evidence));
        return TelemetryOutcome.Accepted;
    }

    public Task<DeviceView> Get() => Task.FromResult(new DeviceView(
        GetPrimaryKeyString(), State.Registration, State.LastSeenAt, State.LastGps, State.LastStatus, State.Accepted, State.Duplicates,
        State.Delivered.Highest, State.SilentAlerted, State.BatteryLowAlerted));

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName switch
    {
        SilenceReminder => CheckSilenceAsync(),
        CommandExpiryReminder => ExpireCommandsAsync(),
        _ => Task.CompletedTask,
    };

    private async Task CheckSilenceAsync()
    {
        var now = TimeProvider.GetUtcNow();
        if (State.Registration is null || State.SilentAlerted || now - State.LastSeenAt < Monitoring.SilentAfter)
        {
            return;
        }

        State.SilentAlerted = true;
        var minutes = (int)(now - State.LastSeenAt).TotalMinutes;
        await AlertAsync(AlertKind.DeviceSilent,
            AlertText.Of(AlertWordings.DeviceSilent, ("device", GetPrimaryKeyString()), ("minutes", minutes)), $"silent/{State.LastSeenAt.UtcTicks}");
        await state.WriteStateAsync();
    }

    /// <summary>Null if the report is new (and counts it); otherwise why it is not applied. Repeats are stored with the next write.</summary>
    private TelemetryOutcome? Admit(long sequence)
    {
        if (State.Registration is null)
        {
            return TelemetryOutcome.Unregistered;
        }

        if (!State.Delivered.TryAccept(sequence))
        {
            State.Duplicates++;
            return TelemetryOutcome.Duplicate;
        }

        State.Accepted++;
        State.LastSeenAt = TimeProvider.GetUtcNow();
        State.SilentAlerted = false;
        return null;
    }

    /// <summary>Stores the state; if that fails, reads the stored state back (see <see cref="CommitAsync(Task)"/>).</summary>
    private Task CommitAsync() => CommitAsync(Task.CompletedTask);

    /// <summary>
    /// Waits for the report's effects, then stores the state. If either fails, the stored state is read back, so the
    /// redelivery meets the stored window (without this report) rather than this one, which already counts it.
    /// </summary>
    private async Task CommitAsync(Task effects)
    {
        try
        {
            await effects;
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                DeactivateOnIdle();
            }

            throw;
        }
    }

    /// <summary>An alert about the device, once per <paramref name="key"/>, to its court and the command centre, and to <paramref name="judgeId"/> if given.</summary>
    private Task AlertAsync(AlertKind kind, AlertText text, string key, string? judgeId = null)
    {
        var registration = State.Registration!;
        var alert = Alert.Worded(kind, registration.CourtId, caseNumber: null, judgeId, text, TimeProvider.GetUtcNow()) with { DeviceId = registration.DeviceId, TeamId = registration.TeamId };
        return PublishAlertOnceAsync(alert, $"device/{registration.DeviceId}/{key}");
    }
}
