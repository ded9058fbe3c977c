namespace Coordination.Grains.Devices;

/// <summary>A body camera's status report.</summary>
/// <param name="Sequence">The device's message sequence number.</param>
/// <param name="At">The device's time.</param>
/// <param name="Recording">Whether it is recording.</param>
/// <param name="BatteryPercent">Battery left, 0 to 100.</param>
/// <param name="StoragePercent">Storage used, 0 to 100.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.BodyCamStatus")]
public readonly record struct BodyCamStatus([Id(0)] long Sequence, [Id(1)] DateTimeOffset At, [Id(2)] bool Recording, [Id(3)] int BatteryPercent, [Id(4)] int StoragePercent);

/// <summary>A body camera's report of a finished recording.</summary>
/// <param name="Sequence">The device's message sequence number.</param>
/// <param name="At">The device's time.</param>
/// <param name="File">The recording.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.EvidenceReport")]
public sealed record EvidenceReport([Id(0)] long Sequence, [Id(1)] DateTimeOffset At, [Id(2)] EvidenceFile File);
