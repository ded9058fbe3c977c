namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>The fixed header every packet starts with (section 2.2): type, the four flag bits and the remaining length.</summary>
public readonly record struct MqttFixedHeader(MqttPacketType Type, byte Flags, int RemainingLength);
