using Coordination.Grains.Devices;

namespace Coordination.Grains.FieldTeams;

/// <summary>A field team as configured (<c>FieldTeams:N</c>): provisioned into its grain and its devices' grains on every start.</summary>
public sealed class FieldTeamOptions
{
    /// <summary>Team id, unique in the deployment (e.g. <c>SH01-T1</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>Its court.</summary>
    public string CourtId { get; set; } = "";

    /// <summary>Display name; default: the id.</summary>
    public string? Name { get; set; }

    /// <summary>User ids of its members.</summary>
    public List<string> Members { get; set; } = [];

    /// <summary>Its devices.</summary>
    public List<FieldDeviceOptions> Devices { get; set; } = [];
}

/// <summary>A device of a configured team (<c>FieldTeams:N:Devices:M</c>).</summary>
public sealed class FieldDeviceOptions
{
    /// <summary>Device id: its MQTT user name and the <c>{device}</c> of its topics; unique in the deployment.</summary>
    public string Id { get; set; } = "";

    /// <summary><c>GpsTracker</c> or <c>BodyCamera</c>.</summary>
    public DeviceKind Kind { get; set; }
}
