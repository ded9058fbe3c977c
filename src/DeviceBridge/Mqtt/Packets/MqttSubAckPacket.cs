namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>SUBACK (section 3.9): per filter, the granted QoS (0, 1, 2) or <see cref="Failure"/>.</summary>
/// <param name="PacketId">The SUBSCRIBE this answers.</param>
/// <param name="ReturnCodes">One code per filter, in order.</param>
public sealed record MqttSubAckPacket(ushort PacketId, IReadOnlyList<byte> ReturnCodes)
{
    /// <summary>The return code of a refused filter.</summary>
    public const byte Failure = 0x80;
}
