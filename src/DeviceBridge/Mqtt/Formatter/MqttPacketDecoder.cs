using System.Buffers;
using System.Buffers.Binary;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Formatter;

/// <summary>
/// Decodes packet bodies framed by <see cref="MqttPacketReader"/>, checking every rule of MQTT 3.1.1 a receiver must
/// (reserved flags, lengths, identifiers). Results point into the body; nothing is copied.
/// </summary>
public static class MqttPacketDecoder
{
    /// <summary>CONNACK (section 3.2).</summary>
    public static MqttConnAckPacket DecodeConnAck(in MqttFixedHeader header, ReadOnlySequence<byte> body)
    {
        ExpectFlags(header, 0);
        ExpectLength(header, 2);
        var reader = new SequenceReader<byte>(body);
        reader.TryRead(out var acknowledgeFlags);
        reader.TryRead(out var returnCode);
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw new MqttProtocolException($"CONNACK reserved flags set (0x{acknowledgeFlags:X2}).");
        }

        if (returnCode > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw new MqttProtocolException($"CONNACK return code {returnCode} is not defined.");
        }

        return new MqttConnAckPacket((acknowledgeFlags & 1) != 0, (MqttConnectReturnCode)returnCode);
    }

    /// <summary>PUBLISH (section 3.3). QoS 2 is refused: this client never asks for it.</summary>
    public static MqttPublishPacket DecodePublish(in MqttFixedHeader header, ReadOnlySequence<byte> body)
    {
        var qos = (header.Flags >> 1) & 3;
        if (qos == 3)
        {
            throw new MqttProtocolException("PUBLISH with QoS 3.");
        }

        if (qos == 2)
        {
            throw new MqttProtocolException("PUBLISH with QoS 2, which this client never subscribes with.");
        }

        var reader = new SequenceReader<byte>(body);
        if (!reader.TryReadBigEndian(out short topicLength) || reader.Remaining < (ushort)topicLength)
        {
            throw new MqttProtocolException("Truncated PUBLISH: the topic name is longer than the packet.");
        }

        if (topicLength == 0)
        {
            throw new MqttProtocolException("PUBLISH with an empty topic name.");
        }

        var topic = body.Slice(reader.Position, (ushort)topicLength);
        reader.Advance((ushort)topicLength);
        ushort packetId = 0;
        if (qos > 0)
        {
            if (!reader.TryReadBigEndian(out short id))
            {
                throw new MqttProtocolException("Truncated PUBLISH: no packet identifier.");
            }

            packetId = (ushort)id;
            if (packetId == 0)
            {
                throw new MqttProtocolException("PUBLISH with packet identifier 0.");
            }
        }

        return new MqttPublishPacket((MqttQualityOfService)qos, (header.Flags & 8) != 0, (header.Flags & 1) != 0, packetId, topic, body.Slice(reader.Position));
    }

    /// <summary>The packet identifier of a PUBACK or UNSUBACK (sections 3.4, 3.11).</summary>
    public static ushort DecodePacketIdentifier(in MqttFixedHeader header, ReadOnlySequence<byte> body)
    {
        ExpectFlags(header, 0);
        ExpectLength(header, 2);
        return ReadPacketId(body, header.Type);
    }

    /// <summary>SUBACK (section 3.9).</summary>
    public static MqttSubAckPacket DecodeSubAck(in MqttFixedHeader header, ReadOnlySequence<byte> body)
    {
        ExpectFlags(header, 0);
        if (header.RemainingLength < 3)
        {
            throw new MqttProtocolException($"SUBACK of {header.RemainingLength} bytes: it needs a packet identifier and at least one return code.");
        }

        var packetId = ReadPacketId(body, header.Type);
        var codes = body.Slice(2).ToArray();
        foreach (var code in codes)
        {
            if (code is > 2 and not MqttSubAckPacket.Failure)
            {
                throw new MqttProtocolException($"SUBACK return code 0x{code:X2} is not defined.");
            }
        }

        return new MqttSubAckPacket(packetId, codes);
    }

    /// <summary>PINGRESP (section 3.13): no body.</summary>
    public static void DecodePingResp(in MqttFixedHeader header)
    {
        ExpectFlags(header, 0);
        ExpectLength(header, 0);
    }

    private static ushort ReadPacketId(ReadOnlySequence<byte> body, MqttPacketType type)
    {
        Span<byte> bytes = stackalloc byte[2];
        body.Slice(0, 2).CopyTo(bytes);
        var id = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        return id != 0 ? id : throw new MqttProtocolException($"{type} with packet identifier 0.");
    }

    private static void ExpectFlags(in MqttFixedHeader header, byte flags)
    {
        if (header.Flags != flags)
        {
            throw new MqttProtocolException($"{header.Type} with reserved flags 0x{header.Flags:X} (must be 0x{flags:X}).");
        }
    }

    private static void ExpectLength(in MqttFixedHeader header, int length)
    {
        if (header.RemainingLength != length)
        {
            throw new MqttProtocolException($"{header.Type} with remaining length {header.RemainingLength} (must be {length}).");
        }
    }
}
