namespace Coordination.Grains.Devices.Commands;

/// <summary>
/// The way to the devices: the node's device bridge implements it. <see cref="PublishAsync"/> completes when the broker
/// has acknowledged the command (MQTT PUBACK: delivered to the broker, which keeps it for the device), and throws
/// <see cref="DeviceCommandNotSentException"/> when it could not be handed over (no bridge on this node, broker not
/// connected, no acknowledgement in time).
/// </summary>
public interface IDeviceCommandChannel
{
    /// <summary>Publishes <paramref name="command"/> at QoS 1 to its device's command topic.</summary>
    Task PublishAsync(DeviceCommandMessage command, CancellationToken cancellationToken);
}

/// <summary>A command could not be handed to the broker; <see cref="Exception.Message"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.Commands.DeviceCommandNotSentException")]
public sealed class DeviceCommandNotSentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceCommandNotSentException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>The channel of a node without a device bridge: every command fails, saying so.</summary>
public sealed class NoDeviceBridgeChannel : IDeviceCommandChannel
{
    /// <inheritdoc />
    public Task PublishAsync(DeviceCommandMessage command, CancellationToken cancellationToken) =>
        Task.FromException(new DeviceCommandNotSentException("This node runs no device bridge (DeviceBridge:Enabled=false)."));
}
