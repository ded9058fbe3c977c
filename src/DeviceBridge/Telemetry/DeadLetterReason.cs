namespace Coordination.DeviceBridge.Telemetry;

/// <summary>Why a message went to the dead-letter topic instead of a grain. Names appear in the dead letter and the counters (kebab-case).</summary>
public enum DeadLetterReason
{
    /// <summary>Not one of the device topics.</summary>
    UnknownTopic,

    /// <summary>Payload over <see cref="Hosting.DeviceBridgeOptions.MaxPayloadBytes"/>.</summary>
    Oversize,

    /// <summary>Payload is not one complete JSON object in valid UTF-8: not UTF-8, empty, a bare value, truncated or otherwise malformed.</summary>
    NotJson,

    /// <summary>A well-formed JSON object, but a field is missing or of the wrong type.</summary>
    BadPayload,

    /// <summary>A value out of range: coordinates, accuracy, speed, heading, percentages, sequence number, hash, size.</summary>
    OutOfRange,

    /// <summary>The device's timestamp is further ahead of the node's clock than <see cref="Hosting.DeviceBridgeOptions.MaxClockSkew"/>.</summary>
    FutureTimestamp,

    /// <summary>No configured device has this id.</summary>
    UnknownDevice,

    /// <summary>The device belongs to another court than the topic names.</summary>
    WrongCourt,

    /// <summary>A body-camera topic from a device that is not a body camera.</summary>
    WrongDeviceKind,

    /// <summary>The grain refused it for a reason retrying cannot fix.</summary>
    ProcessingFailed,
}
