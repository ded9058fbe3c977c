namespace Coordination.Grains.Devices;

/// <summary>Who a device is: its id (also its MQTT user name), court, field team and kind.</summary>
public sealed record DeviceRegistration(string DeviceId, string CourtId, string TeamId, DeviceKind Kind);
