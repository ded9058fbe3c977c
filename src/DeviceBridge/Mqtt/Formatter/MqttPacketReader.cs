using System.Buffers;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Formatter;

/// <summary>Frames packets out of a byte stream: the fixed header (section 2.2) and a slice of the body. Allocates nothing.</summary>
public static class MqttPacketReader
{
    /// <summary>The largest remaining length the four-byte encoding can express (section 2.2.3).</summary>
    public const int MaxRemainingLength = 268_435_455;

    /// <summary>
    /// Reads one packet from the start of <paramref name="buffer"/>. Returns false if more bytes are needed; on success,
    /// <paramref name="buffer"/> is moved past the packet and <paramref name="body"/> is its variable header and payload.
    /// </summary>
    /// <exception cref="MqttProtocolException">Unknown packet type, a remaining length over four bytes, or a body over <paramref name="maxRemainingLength"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxRemainingLength, out MqttFixedHeader header, out ReadOnlySequence<byte> body)
    {
        header = default;
        body = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var first))
        {
            return false;
        }

        var type = first >> 4;
        if (type is 0 or 15)
        {
            throw new MqttProtocolException($"Unknown packet type {type} (first byte 0x{first:X2}).");
        }

        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift == 28)
            {
                throw new MqttProtocolException("Malformed remaining length: more than four bytes.");
            }

            if (!reader.TryRead(out var digit))
            {
                return false;
            }

            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (length > maxRemainingLength)
        {
            throw new MqttProtocolException($"Packet too large: {length} bytes after the fixed header, limit {maxRemainingLength}.");
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        header = new MqttFixedHeader((MqttPacketType)type, (byte)(first & 0x0F), length);
        body = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(body.End);
        return true;
    }
}
