namespace Coordination.Grains.Devices.Commands;

/// <summary>Where a command to a device stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.Commands.DeviceCommandStatus")]
public enum DeviceCommandStatus
{
    /// <summary>Recorded and being handed to the broker; left so by a node that died meanwhile (it then expires).</summary>
    Sent,

    /// <summary>The broker acknowledged it (PUBACK) and keeps it for the device; no answer from the device yet.</summary>
    Delivered,

    /// <summary>The device answered that it carried it out.</summary>
    Acknowledged,

    /// <summary>It could not be handed to the broker, or the device answered that it could not carry it out (see the detail).</summary>
    Failed,

    /// <summary>No answer came before it expired; an alert went to its sender. A late answer is recorded, the status stays.</summary>
    Expired,
}
