namespace Coordination.Grains.Devices;

/// <summary>A body camera's status report.</summary>
/// <param name="Sequence">The device's message sequence number.</param>
/// <param name="At">The device's time.</param>
/// <param name="Recording">Whether it is recording.</param>
/// <param name="BatteryPercent">Battery left, 0 to 100.</param>
/// <param name="StoragePercent">Storage used, 0 to 100.</param>
public readonly record struct BodyCamStatus(long Sequence, DateTimeOffset At, bool Recording, int BatteryPercent, int StoragePercent);

/// <summary>A body camera's report of a finished recording.</summary>
/// <param name="Sequence">The device's message sequence number.</param>
/// <param name="At">The device's time.</param>
/// <param name="File">The recording.</param>
public sealed record EvidenceReport(long Sequence, DateTimeOffset At, EvidenceFile File);
