namespace Coordination.Grains.Devices;

/// <summary>What a field device is.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.DeviceKind")]
public enum DeviceKind
{
    /// <summary>A GPS tracker carried by the team or its vehicle.</summary>
    GpsTracker,

    /// <summary>A body camera (执法记录仪): recording status, battery, storage and evidence files; it may report GPS too.</summary>
    BodyCamera,
}
