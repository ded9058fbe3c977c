using Coordination.Grains.Devices;

namespace Coordination.Grains.FieldTeams;

/// <summary>A field team (执行小组): its court, name, members (user ids) and devices.</summary>
public sealed record FieldTeamSetup(string CourtId, string Name, IReadOnlyList<string> Members, IReadOnlyList<TeamDevice> Devices)
{
    /// <summary>Same court, name, members and devices (lists compared item by item).</summary>
    public bool SameAs(FieldTeamSetup? other) =>
        other is not null && CourtId == other.CourtId && Name == other.Name && Members.SequenceEqual(other.Members) && Devices.SequenceEqual(other.Devices);
}

/// <summary>One of a team's devices.</summary>
public sealed record TeamDevice(string DeviceId, DeviceKind Kind);
