namespace Coordination.Grains.Devices;

/// <summary>A device's stored state: registration, what it reported last, and which messages it already delivered.</summary>
public sealed class DeviceState
{
    /// <summary>Who it is; null until registered.</summary>
    public DeviceRegistration? Registration { get; set; }

    /// <summary>Sequence numbers delivered.</summary>
    public SequenceWindow Delivered { get; set; } = new();

    /// <summary>Reports applied.</summary>
    public long Accepted { get; set; }

    /// <summary>Reports recognised as repeats.</summary>
    public long Duplicates { get; set; }

    /// <summary>When the node last heard from it (node time), or when it was registered.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Last position.</summary>
    public GpsFix? LastGps { get; set; }

    /// <summary>Last body-camera status.</summary>
    public BodyCamStatus? LastStatus { get; set; }

    /// <summary>A low-battery alert went out and the battery has not recovered since.</summary>
    public bool BatteryLowAlerted { get; set; }

    /// <summary>A silence alert went out and the device has not reported since.</summary>
    public bool SilentAlerted { get; set; }
}
