namespace Coordination.DeviceBridge.Telemetry;

/// <summary>What a telemetry topic carries.</summary>
public enum TelemetryKind
{
    /// <summary><c>courts/{court}/devices/{device}/gps</c>.</summary>
    Gps,

    /// <summary><c>courts/{court}/devices/{device}/bodycam/status</c>.</summary>
    BodyCamStatus,

    /// <summary><c>courts/{court}/devices/{device}/bodycam/evidence</c>.</summary>
    BodyCamEvidence,

    /// <summary><c>courts/{court}/devices/{device}/command-acks</c>: the device's answer to a command.</summary>
    CommandAck,
}
