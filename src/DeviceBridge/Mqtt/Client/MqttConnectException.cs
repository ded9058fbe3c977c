using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Client;

/// <summary>The broker refused the connection or a subscription.</summary>
public sealed class MqttConnectException(string message, MqttConnectReturnCode? returnCode = null) : Exception(message)
{
    /// <summary>The CONNACK return code, when the connection itself was refused.</summary>
    public MqttConnectReturnCode? ReturnCode { get; } = returnCode;
}
