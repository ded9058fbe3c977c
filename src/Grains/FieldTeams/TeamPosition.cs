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
[GenerateSerializer, Immutable, Alias("Coordination.Grains.FieldTeams.TeamPosition")]
public sealed record TeamPosition(
    [Id(0)] string TeamId, [Id(1)] string CourtId, [Id(2)] string DeviceId, [Id(3)] long Sequence, [Id(4)] DateTimeOffset At, [Id(5)] double Latitude, [Id(6)] double Longitude,
    [Id(7)] double AccuracyMetres, [Id(8)] double SpeedKmh, [Id(9)] double HeadingDegrees, [Id(10)] string? CaseNumber, [Id(11)] bool OnSite, [Id(12)] bool Late);
