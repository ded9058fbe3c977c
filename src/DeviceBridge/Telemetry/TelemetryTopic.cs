namespace Coordination.DeviceBridge.Telemetry;

/// <summary>
/// The device topics: <c>courts/{court}/devices/{device}/gps</c>, <c>.../bodycam/status</c>, <c>.../bodycam/evidence</c>
/// and <c>.../command-acks</c> (the device's answers to commands); commands go to <c>devices/{device}/commands</c>.
/// </summary>
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
        TelemetryKind.CommandAck => "command-acks",
        _ => "bodycam/evidence",
    };

    /// <summary>The topic a device reads its commands from: <c>devices/{device}/commands</c>.</summary>
    public static string CommandsOf(string deviceId) => $"devices/{deviceId}/commands";

    /// <summary>
    /// Finds the parts of a device topic; false if <paramref name="topic"/> is not one (or is longer than
    /// <see cref="MaxLength"/>). <paramref name="court"/> and <paramref name="device"/> are ranges of <paramref name="topic"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> topic, out TelemetryKind kind, out Range court, out Range device)
    {
        kind = default;
        court = device = default;
        if (topic.Length > MaxLength)
        {
            return false;
        }

        Span<Range> parts = stackalloc Range[8];
        var count = topic.Split(parts, '/');
        if (count < 5 || !topic[parts[0]].SequenceEqual("courts") || !topic[parts[2]].SequenceEqual("devices")
            || topic[parts[1]].IsEmpty || topic[parts[3]].IsEmpty)
        {
            return false;
        }

        court = parts[1];
        device = parts[3];
        switch (count)
        {
            case 5 when topic[parts[4]].SequenceEqual("gps"):
                kind = TelemetryKind.Gps;
                return true;
            case 5 when topic[parts[4]].SequenceEqual("command-acks"):
                kind = TelemetryKind.CommandAck;
                return true;
            case 6 when topic[parts[4]].SequenceEqual("bodycam") && topic[parts[5]].SequenceEqual("status"):
                kind = TelemetryKind.BodyCamStatus;
                return true;
            case 6 when topic[parts[4]].SequenceEqual("bodycam") && topic[parts[5]].SequenceEqual("evidence"):
                kind = TelemetryKind.BodyCamEvidence;
                return true;
            default:
                return false;
        }
    }
}
