namespace Coordination.Grains.Devices;

/// <summary>A position report.</summary>
/// <param name="Sequence">The device's message sequence number (1, 2, ... for its lifetime).</param>
/// <param name="At">The device's time of the fix.</param>
/// <param name="Latitude">WGS 84 latitude.</param>
/// <param name="Longitude">WGS 84 longitude.</param>
/// <param name="AccuracyMetres">Horizontal accuracy.</param>
/// <param name="SpeedKmh">Speed over ground.</param>
/// <param name="HeadingDegrees">Course over ground, 0 = north, clockwise.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.GpsFix")]
public readonly record struct GpsFix([Id(0)] long Sequence, [Id(1)] DateTimeOffset At, [Id(2)] double Latitude, [Id(3)] double Longitude, [Id(4)] double AccuracyMetres, [Id(5)] double SpeedKmh, [Id(6)] double HeadingDegrees);
