namespace Coordination.Grains.Devices;

/// <summary>A position report.</summary>
/// <param name="Sequence">The device's message sequence number (1, 2, ... for its lifetime).</param>
/// <param name="At">The device's time of the fix.</param>
/// <param name="Latitude">WGS 84 latitude.</param>
/// <param name="Longitude">WGS 84 longitude.</param>
/// <param name="AccuracyMetres">Horizontal accuracy.</param>
/// <param name="SpeedKmh">Speed over ground.</param>
/// <param name="HeadingDegrees">Course over ground, 0 = north, clockwise.</param>
public readonly record struct GpsFix(long Sequence, DateTimeOffset At, double Latitude, double Longitude, double AccuracyMetres, double SpeedKmh, double HeadingDegrees);
