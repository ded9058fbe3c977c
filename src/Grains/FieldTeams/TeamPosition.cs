namespace Coordination.Grains.FieldTeams;

/// <summary>An item of a court's positions stream: where one of a team's devices is.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="CourtId">Its court.</param>
/// <param name="DeviceId">The device that reported.</param>
/// <param name="Sequence">The device's sequence number (a consumer can drop the rare repeat after a crash).</param>
/// <param name="At">The device's time of the fix.</param>
/// <param name="Latitude">WGS 84 latitude.</param>
/// <param name="Longitude">WGS 84 longitude.</param>
/// <param name="AccuracyMetres">Horizontal accuracy.</param>
/// <param name="SpeedKmh">Speed.</param>
/// <param name="HeadingDegrees">Heading.</param>
/// <param name="CaseNumber">The case of the team's current operation, if any.</param>
/// <param name="OnSite">Whether the team is at its operation's site.</param>
/// <param name="Late">
/// The device already reported a newer fix (this one arrived out of order): it belongs in the trail, not as the team's
/// current position.
/// </param>
public sealed record TeamPosition(
    string TeamId, string CourtId, string DeviceId, long Sequence, DateTimeOffset At, double Latitude, double Longitude,
    double AccuracyMetres, double SpeedKmh, double HeadingDegrees, string? CaseNumber, bool OnSite, bool Late);
