using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Formatter;

/// <summary>
/// Encodes the packets a client sends (and PUBLISH, which goes both ways) straight into an <see cref="IBufferWriter{T}"/>
/// such as a <see cref="System.IO.Pipelines.PipeWriter"/>: no intermediate arrays.
/// </summary>
public static class MqttPacketWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>CONNECT (section 3.1) with protocol name "MQTT" and level 4.</summary>
    public static void WriteConnect(IBufferWriter<byte> writer, in MqttConnectPacket packet)
    {
        if (packet.Password is not null && packet.Username is null)
        {
            throw new ArgumentException("MQTT 3.1.1 sends a password only with a user name (section 3.1.2.9).", nameof(packet));
        }

        var length = 10 + StringSize(packet.ClientId, "client id")
            + (packet.Username is null ? 0 : StringSize(packet.Username, "user name"))
            + (packet.Password is null ? 0 : StringSize(packet.Password, "password"));
        var flags = (byte)((packet.Username is null ? 0 : 0x80) | (packet.Password is null ? 0 : 0x40) | (packet.CleanSession ? 0x02 : 0));

        var span = Begin(writer, MqttPacketType.Connect, 0, length, length, out var headerSize);
        var body = span[headerSize..];
        "\0\u0004MQTT\u0004"u8.CopyTo(body);
        body[7] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], packet.KeepAliveSeconds);
        var at = 10;
        at += WriteString(body[at..], packet.ClientId);
        if (packet.Username is not null)
        {
            at += WriteString(body[at..], packet.Username);
        }

        if (packet.Password is not null)
        {
            WriteString(body[at..], packet.Password);
        }

        writer.Advance(headerSize + length);
    }

    /// <summary>PUBLISH (section 3.3). <paramref name="packetId"/> must be non-zero at QoS 1 and is ignored at QoS 0.</summary>
    public static void WritePublish(
        IBufferWriter<byte> writer, string topic, ReadOnlySpan<byte> payload, MqttQualityOfService qos, bool retain, bool duplicate, ushort packetId)
    {
        if (qos > MqttQualityOfService.AtLeastOnce)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "This client publishes at QoS 0 or 1.");
        }

        if (qos == MqttQualityOfService.AtLeastOnce && packetId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(packetId), "A QoS 1 PUBLISH needs a non-zero packet identifier.");
        }

        ValidateTopicName(topic);
        var headerLength = StringSize(topic, "topic") + (qos == MqttQualityOfService.AtMostOnce ? 0 : 2);
        var flags = (byte)((duplicate ? 8 : 0) | ((byte)qos << 1) | (retain ? 1 : 0));
        var span = Begin(writer, MqttPacketType.Publish, flags, headerLength + payload.Length, headerLength, out var headerSize);
        var at = headerSize + WriteString(span[headerSize..], topic);
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], packetId);
        }

        writer.Advance(headerSize + headerLength);
        writer.Write(payload);
    }

    /// <summary>PUBACK (section 3.4).</summary>
    public static void WritePubAck(IBufferWriter<byte> writer, ushort packetId)
    {
        var span = writer.GetSpan(4);
        span[0] = (byte)MqttPacketType.PubAck << 4;
        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        writer.Advance(4);
    }

    /// <summary>SUBSCRIBE (section 3.8): fixed-header flags 0010, then the filters in order.</summary>
    public static void WriteSubscribe(IBufferWriter<byte> writer, ushort packetId, IReadOnlyList<MqttSubscription> subscriptions)
    {
        if (subscriptions.Count == 0)
        {
            throw new ArgumentException("SUBSCRIBE needs at least one topic filter (section 3.8.3).", nameof(subscriptions));
        }

        var length = 2;
        foreach (var subscription in subscriptions)
        {
            if (subscription.TopicFilter.Length == 0)
            {
                throw new ArgumentException("A topic filter cannot be empty.", nameof(subscriptions));
            }

            length += StringSize(subscription.TopicFilter, "topic filter") + 1;
        }

        var span = Begin(writer, MqttPacketType.Subscribe, 0b0010, length, length, out var headerSize);
        BinaryPrimitives.WriteUInt16BigEndian(span[headerSize..], packetId);
        var at = headerSize + 2;
        foreach (var subscription in subscriptions)
        {
            at += WriteString(span[at..], subscription.TopicFilter);
            span[at++] = (byte)subscription.MaximumQualityOfService;
        }

        writer.Advance(headerSize + length);
    }

    /// <summary>PINGREQ (section 3.12).</summary>
    public static void WritePingReq(IBufferWriter<byte> writer) => WriteEmpty(writer, MqttPacketType.PingReq);

    /// <summary>DISCONNECT (section 3.14).</summary>
    public static void WriteDisconnect(IBufferWriter<byte> writer) => WriteEmpty(writer, MqttPacketType.Disconnect);

    /// <summary>Checks a topic name a PUBLISH may carry: not empty, no wildcards, no NUL, at most 65,535 UTF-8 bytes (section 4.7).</summary>
    public static void ValidateTopicName(string topic)
    {
        if (topic.Length == 0 || topic.AsSpan().IndexOfAny("+#\0") >= 0)
        {
            throw new ArgumentException($"'{topic}' is not a topic name: it must be non-empty without '+', '#' or NUL.", nameof(topic));
        }
    }

    private static void WriteEmpty(IBufferWriter<byte> writer, MqttPacketType type)
    {
        var span = writer.GetSpan(2);
        span[0] = (byte)((byte)type << 4);
        span[1] = 0;
        writer.Advance(2);
    }

    /// <summary>Writes the fixed header into a span with room for <paramref name="bodyBytes"/> more (the part of the body written in place).</summary>
    private static Span<byte> Begin(IBufferWriter<byte> writer, MqttPacketType type, byte flags, int remainingLength, int bodyBytes, out int headerSize)
    {
        if (remainingLength > MqttPacketReader.MaxRemainingLength)
        {
            throw new ArgumentException($"A packet of {remainingLength} bytes is over MQTT's limit of {MqttPacketReader.MaxRemainingLength}.");
        }

        headerSize = 1 + RemainingLengthSize(remainingLength);
        var span = writer.GetSpan(headerSize + bodyBytes);
        span[0] = (byte)(((byte)type << 4) | flags);
        var at = 1;
        var value = remainingLength;
        do
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            span[at++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);

        return span;
    }

    private static int RemainingLengthSize(int length) => length < 128 ? 1 : length < 16_384 ? 2 : length < 2_097_152 ? 3 : 4;

    private static int StringSize(string value, string what)
    {
        var bytes = StrictUtf8.GetByteCount(value);
        return bytes <= ushort.MaxValue ? 2 + bytes : throw new ArgumentException($"The {what} is {bytes} UTF-8 bytes; MQTT strings hold at most 65,535.");
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var written = StrictUtf8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)written);
        return 2 + written;
    }
}
