using Coordination.Grains.Devices.Commands;

namespace Coordination.Grains.Devices;

/// <summary>A device's stored state: registration, what it reported last, which messages it already delivered, and the commands sent to it.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.DeviceState")]
public sealed class DeviceState
{
    /// <summary>Who it is; null until registered.</summary>
    [Id(0)]
    public DeviceRegistration? Registration { get; set; }

    /// <summary>Sequence numbers delivered.</summary>
    [Id(1)]
    public SequenceWindow Delivered { get; set; } = new();

    /// <summary>Reports applied.</summary>
    [Id(2)]
    public long Accepted { get; set; }

    /// <summary>Reports recognised as repeats.</summary>
    [Id(3)]
    public long Duplicates { get; set; }

    /// <summary>When the node last heard from it (node time), or when it was registered.</summary>
    [Id(4)]
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Last position.</summary>
    [Id(5)]
    public GpsFix? LastGps { get; set; }

    /// <summary>Last body-camera status.</summary>
    [Id(6)]
    public BodyCamStatus? LastStatus { get; set; }

    /// <summary>A low-battery alert went out and the battery has not recovered since.</summary>
    [Id(7)]
    public bool BatteryLowAlerted { get; set; }

    /// <summary>A silence alert went out and the device has not reported since.</summary>
    [Id(8)]
    public bool SilentAlerted { get; set; }

    /// <summary>Commands sent to it: the open ones and the most recent settled ones.</summary>
    [Id(9)]
    public DeviceCommandLog Commands { get; set; } = new();
}
