using Coordination.Grains.Devices.Commands;

namespace Coordination.Grains.Devices;

/// <summary>When devices and teams raise alerts, and how commands to devices go (configuration section <c>DeviceMonitoring</c>).</summary>
public sealed class DeviceMonitoringOptions
{
    /// <summary>A registered device that has not reported for this long raises a "silent" alert once. Default 5 minutes.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A body camera at or below this battery percentage raises a "low battery" alert once (again after it is back 5 points above). Default 20.</summary>
    public int LowBatteryPercent { get; set; } = 20;

    /// <summary>A team within this many metres of its operation's site has arrived, unless the dispatch names another radius. Default 150.</summary>
    public double SiteRadiusMetres { get; set; } = 150;

    /// <summary>Commands to devices: expiry, text length, publish timeout, how many are kept (<c>DeviceMonitoring:Commands</c>).</summary>
    public DeviceCommandOptions Commands { get; set; } = new();
}
