using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>
/// Builds the dead letter for a turned-away message so that it always reaches the broker: the original payload as text
/// if it is valid UTF-8, else in base64, and the whole PUBLISH packet (topic and JSON) within a byte limit. A payload
/// that does not fit is cut short (at a character boundary) and marked truncated; topics and details are cut to a
/// fixed length first, so even a letter with nothing of the payload left fits <see cref="MinBytes"/>.
/// </summary>
public static class DeadLetterBuilder
{
    /// <summary>The smallest limit that always leaves room for the letter without its payload.</summary>
    public const int MinBytes = 16 * 1024;

    /// <summary>The largest limit allowed: mosquitto's <c>max_packet_size</c> in deploy/mosquitto.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Longest detail carried, in characters.</summary>
    public const int MaxDetailLength = 1000;

    /// <summary>Longest dead-letter prefix the limit allows for, in characters.</summary>
    public const int MaxPrefixLength = 64;

    // MQTT 5 PUBLISH at QoS 1: fixed header (1 byte and up to 4 of remaining length), topic length (2), packet id (2),
    // property length (1) and the content type the bridge sets (1 + 2 + "application/json"), with room to spare.
    private const int PacketOverhead = 32;

    /// <summary>
    /// The dead-letter topic (<paramref name="prefix"/> and the original topic, cut to <see cref="TelemetryTopic.MaxLength"/>
    /// characters) and the letter's UTF-8 JSON; together at most <paramref name="maxBytes"/> as a PUBLISH packet.
    /// </summary>
    public static (string Topic, byte[] Letter) Build(
        string prefix, string topic, ReadOnlySpan<byte> payload, Rejection rejection, DateTimeOffset receivedAt, int maxBytes)
    {
        var topicTruncated = topic.Length > TelemetryTopic.MaxLength;
        topic = Cut(topic, TelemetryTopic.MaxLength);
        var letterTopic = prefix + topic;
        var room = maxBytes - PacketOverhead - Encoding.UTF8.GetByteCount(letterTopic);
        var text = Utf8.IsValid(payload);
        var detail = Cut(rejection.Detail, MaxDetailLength);
        var reason = BridgeCounters.NameOf(rejection.Reason);
        // The payload is passed in because a span cannot be captured.
        byte[] Serialize(ReadOnlySpan<byte> original, int keep) => JsonSerializer.SerializeToUtf8Bytes(
            new DeadLetter(reason, detail, topic, receivedAt, text ? Encoding.UTF8.GetString(original[..keep]) : null,
                text ? null : Convert.ToBase64String(original[..keep]), text ? "utf-8" : "base64", original.Length, keep < original.Length, topicTruncated),
            TelemetryJsonContext.Default.DeadLetter);

        var keep = payload.Length;
        var letter = Serialize(payload, keep);
        if (letter.Length <= room)
        {
            return (letterTopic, letter);
        }

        // Escaping makes the letter grow by a different amount per payload byte, so shrink by the measured ratio until it fits.
        var bare = Serialize(payload, 0).Length;
        while (letter.Length > room && keep > 0)
        {
            var next = (int)Math.Min(keep - 1L, (long)keep * Math.Max(0, room - bare) / Math.Max(1, letter.Length - bare));
            keep = text ? CharacterStart(payload, next) : next;
            letter = Serialize(payload, keep);
        }

        return (letterTopic, letter);
    }

    /// <summary>The largest offset at or before <paramref name="offset"/> where a UTF-8 character starts.</summary>
    private static int CharacterStart(ReadOnlySpan<byte> utf8, int offset)
    {
        while (offset > 0 && (utf8[offset] & 0xC0) == 0x80)
        {
            offset--;
        }

        return offset;
    }

    private static string Cut(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..length];
    }
}
