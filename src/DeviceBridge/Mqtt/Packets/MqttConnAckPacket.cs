namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>CONNACK (section 3.2).</summary>
/// <param name="SessionPresent">The broker resumed a stored session.</param>
/// <param name="ReturnCode">Whether the connection was accepted.</param>
public readonly record struct MqttConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode);
