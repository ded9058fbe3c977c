using Coordination.Actors;

namespace Coordination.Grains.Devices;

/// <summary>
/// One field device, keyed by its id. Reports are applied once per sequence number (a redelivered message is counted
/// as a duplicate, not applied again) and stored before the call returns, so the bridge acknowledges only what is
/// durable. Calls run one at a time.
/// </summary>
public interface IDeviceGrain : IGrain
{
    /// <summary>Registers (or re-registers) the device; starts watching for silence. Repeating the same registration changes nothing.</summary>
    Task Register(DeviceRegistration registration);

    /// <summary>
    /// A position: passed on to the device's field team (positions stream, site arrival and departure). A fix with a lower
    /// sequence number than the last position's is late: applied (not a duplicate, unless its number was delivered
    /// before) and passed on for the trail, but the last position stays.
    /// </summary>
    Task<TelemetryOutcome> ReportGps(GpsFix fix);

    /// <summary>A body-camera status: low battery raises an alert once until it recovers; recording state goes to the team.</summary>
    Task<TelemetryOutcome> ReportStatus(BodyCamStatus status);

    /// <summary>A finished recording: its metadata and hash go to the case record of the team's operation.</summary>
    Task<TelemetryOutcome> ReportEvidence(EvidenceReport evidence);

    /// <summary>The device now.</summary>
    Task<DeviceView> Get();
}

/// <summary>A device as the API shows it.</summary>
public sealed record DeviceView(
    string DeviceId, DeviceRegistration? Registration, DateTimeOffset LastSeenAt, GpsFix? LastGps, BodyCamStatus? LastStatus,
    long Accepted, long Duplicates, long HighestSequence, bool Silent, bool BatteryLow);
