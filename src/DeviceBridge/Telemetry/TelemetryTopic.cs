using System.Text;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>The device topics: <c>courts/{court}/devices/{device}/gps</c>, <c>.../bodycam/status</c>, <c>.../bodycam/evidence</c>.</summary>
public static class TelemetryTopic
{
    /// <summary>Longest topic the bridge reads, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>The filter the bridge subscribes to.</summary>
    public const string Filter = "courts/+/devices/+/#";

    /// <summary>The topic for <paramref name="kind"/> reports of a device.</summary>
    public static string For(string courtId, string deviceId, TelemetryKind kind) => $"courts/{courtId}/devices/{deviceId}/" + kind switch
    {
        TelemetryKind.Gps => "gps",
        TelemetryKind.BodyCamStatus => "bodycam/status",
        _ => "bodycam/evidence",
    };

    /// <summary>
    /// Decodes <paramref name="topic"/> (UTF-8) into <paramref name="chars"/> and finds its parts; false if it is not
    /// one of the device topics. <paramref name="court"/> and <paramref name="device"/> are ranges of <paramref name="chars"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> topic, Span<char> chars, out TelemetryKind kind, out Range court, out Range device)
    {
        kind = default;
        court = device = default;
        if (topic.Length > chars.Length || !Encoding.UTF8.TryGetChars(topic, chars, out var length))
        {
            return false;
        }

        ReadOnlySpan<char> text = chars[..length];
        Span<Range> parts = stackalloc Range[8];
        var count = text.Split(parts, '/');
        if (count < 5 || !text[parts[0]].SequenceEqual("courts") || !text[parts[2]].SequenceEqual("devices")
            || text[parts[1]].IsEmpty || text[parts[3]].IsEmpty)
        {
            return false;
        }

        court = parts[1];
        device = parts[3];
        switch (count)
        {
            case 5 when text[parts[4]].SequenceEqual("gps"):
                kind = TelemetryKind.Gps;
                return true;
            case 6 when text[parts[4]].SequenceEqual("bodycam") && text[parts[5]].SequenceEqual("status"):
                kind = TelemetryKind.BodyCamStatus;
                return true;
            case 6 when text[parts[4]].SequenceEqual("bodycam") && text[parts[5]].SequenceEqual("evidence"):
                kind = TelemetryKind.BodyCamEvidence;
                return true;
            default:
                return false;
        }
    }
}
