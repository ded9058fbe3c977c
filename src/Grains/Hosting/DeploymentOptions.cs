using Coordination.Grains.Assistance;
using Coordination.Grains.Courts;
using Coordination.Grains.Devices;
using Coordination.Grains.Entrustment;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Notifications;

namespace Coordination.Grains.Hosting;

/// <summary>The deployment's courts, field teams and device alert settings, bound from the configuration root.</summary>
public sealed class DeploymentOptions
{
    /// <summary>The courts this node serves. At least one.</summary>
    public List<CourtOptions> Courts { get; set; } = [];

    /// <summary>The field teams and their devices. Default none.</summary>
    public List<FieldTeamOptions> FieldTeams { get; set; } = [];

    /// <summary>How notices to parties are sent.</summary>
    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>Grid areas and their grid workers. Default none.</summary>
    public List<GridAreaOptions> GridAreas { get; set; } = [];

    /// <summary>Other deployments that entrustments go to and come from. Default none.</summary>
    public List<PeerOptions> Peers { get; set; } = [];

    /// <summary>When devices raise alerts.</summary>
    public DeviceMonitoringOptions DeviceMonitoring { get; set; } = new();
}
