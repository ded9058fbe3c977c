using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Devices;

/// <summary>
/// One field device, keyed by its id. Reports are applied once per sequence number (a redelivered message is counted
/// as a duplicate, not applied again) and stored before the call returns, so the bridge acknowledges only what is
/// durable. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Devices.IDeviceGrain")]
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Registers (or re-registers) the device; starts watching for silence. Repeating the same registration changes nothing.</summary>
    [Alias("Register")]
    Task Register(DeviceRegistration registration);

    /// <summary>
    /// A position: passed on to the device's field team (positions stream, site arrival and departure). A fix with a lower
    /// sequence number than the last position's is late: applied (not a duplicate, unless its number was delivered
    /// before) and passed on for the trail, but the last position stays.
    /// </summary>
    [Alias("ReportGps")]
    Task<TelemetryOutcome> ReportGps(GpsFix fix);

    /// <summary>A body-camera status: low battery raises an alert once until it recovers; recording state goes to the team.</summary>
    [Alias("ReportStatus")]
    Task<TelemetryOutcome> ReportStatus(BodyCamStatus status);

    /// <summary>A finished recording: its metadata and hash go to the case record of the team's operation.</summary>
    [Alias("ReportEvidence")]
    Task<TelemetryOutcome> ReportEvidence(EvidenceReport evidence);

    /// <summary>
    /// Sends a command from <paramref name="sender"/>: validates it for this device (throws <see cref="Validation.InputValidationException"/>
    /// naming the fields), stores it as <see cref="DeviceCommandStatus.Sent"/>, hands it to the broker (at most
    /// <see cref="DeviceCommandOptions.PublishTimeout"/>) and returns it <see cref="DeviceCommandStatus.Delivered"/>, or
    /// <see cref="DeviceCommandStatus.Failed"/> with the reason when it could not be handed over (it stays listed so).
    /// Throws <see cref="DeviceCommandRefusedException"/> when <see cref="DeviceCommandOptions.MaxOpen"/> commands wait for
    /// an answer. Unanswered by its expiry, the command expires and its sender is alerted once. Calls run one at a time:
    /// the device's reports wait while a command is handed over.
    /// </summary>
    [Alias("SendCommand")]
    Task<DeviceCommand> SendCommand(DeviceCommandRequest request, DeviceCommandSender sender);

    /// <summary>
    /// The device's answer to a command it was sent. The first answer settles the command (acknowledged, or failed with the
    /// device's detail); a repeated one changes nothing and is <see cref="TelemetryOutcome.Duplicate"/>. An answer arriving
    /// after the expiry leaves the command expired and records when it came (<see cref="TelemetryOutcome.Accepted"/> the
    /// first time). An answer naming no command of this device (or one forgotten since) throws <see cref="ArgumentException"/>.
    /// </summary>
    [Alias("AcknowledgeCommand")]
    Task<TelemetryOutcome> AcknowledgeCommand(DeviceCommandAck ack);

    /// <summary>The commands sent to the device, the most recent first: every open one and the most recent settled ones (<see cref="DeviceCommandOptions.KeepSettled"/>).</summary>
    [Alias("GetCommands")]
    [ReadOnly]
    Task<IReadOnlyList<DeviceCommand>> GetCommands();

    /// <summary>The device now.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<DeviceView> Get();
}

/// <summary>A device as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.DeviceView")]
public sealed record DeviceView(
    [Id(0)] string DeviceId, [Id(1)] DeviceRegistration? Registration, [Id(2)] DateTimeOffset LastSeenAt, [Id(3)] GpsFix? LastGps, [Id(4)] BodyCamStatus? LastStatus,
    [Id(5)] long Accepted, [Id(6)] long Duplicates, [Id(7)] long HighestSequence, [Id(8)] bool Silent, [Id(9)] bool BatteryLow);
