namespace Coordination.Grains.Devices;

/// <summary>Who a device is: its id (also its MQTT user name), court, field team and kind.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.DeviceRegistration")]
public sealed record DeviceRegistration([Id(0)] string DeviceId, [Id(1)] string CourtId, [Id(2)] string TeamId, [Id(3)] DeviceKind Kind);
