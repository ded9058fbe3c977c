namespace Coordination.Grains.Devices;

/// <summary>What a device grain did with a report.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.TelemetryOutcome")]
public enum TelemetryOutcome
{
    /// <summary>New: applied.</summary>
    Accepted,

    /// <summary>Its sequence number was seen before (a QoS 1 redelivery) or is too old to tell: counted, not applied again.</summary>
    Duplicate,

    /// <summary>The device is not registered: nothing applied.</summary>
    Unregistered,
}
