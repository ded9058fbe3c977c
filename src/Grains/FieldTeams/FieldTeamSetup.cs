using Coordination.Grains.Devices;

namespace Coordination.Grains.FieldTeams;

/// <summary>A field team (执行小组): its court, name, members (user ids) and devices.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.FieldTeams.FieldTeamSetup")]
public sealed record FieldTeamSetup([Id(0)] string CourtId, [Id(1)] string Name, [Id(2)] IReadOnlyList<string> Members, [Id(3)] IReadOnlyList<TeamDevice> Devices)
{
    /// <summary>Same court, name, members and devices (lists compared item by item).</summary>
    public bool SameAs(FieldTeamSetup? other) =>
        other is not null && CourtId == other.CourtId && Name == other.Name && Members.SequenceEqual(other.Members) && Devices.SequenceEqual(other.Devices);
}

/// <summary>One of a team's devices.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.FieldTeams.TeamDevice")]
public sealed record TeamDevice([Id(0)] string DeviceId, [Id(1)] DeviceKind Kind);
