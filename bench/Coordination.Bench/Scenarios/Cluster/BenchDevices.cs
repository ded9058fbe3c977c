using System.Globalization;
using System.Text.Json;
using Coordination.DeviceBridge.Telemetry;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// GPS trackers of field teams the bench adds to the sample configuration (<see cref="Settings"/>, from
/// <c>FieldTeams:100</c> on, past the sample's own teams), half in SH01 and half in SH02; each message is the next fix
/// of the next tracker in turn, with that tracker's next sequence number.
/// </summary>
internal sealed class BenchDevices
{
    public const int Count = 60;
    private const int FirstIndex = 100;
    private static readonly string[] Courts = ["SH01", "SH02"];
    private readonly string[] _topics = [.. Enumerable.Range(0, Count).Select(d => TelemetryTopic.For(CourtOf(d), DeviceId(d), TelemetryKind.Gps))];
    private readonly long[] _nextSequence = new long[Count];
    private long _next;

    /// <summary>The node settings that configure the trackers' teams.</summary>
    public static string[] Settings => [.. Enumerable.Range(0, Count).SelectMany(d =>
    {
        var team = $"--FieldTeams:{(FirstIndex + d).ToString(CultureInfo.InvariantCulture)}";
        return new[] { $"{team}:Id={TeamId(d)}", $"{team}:CourtId={CourtOf(d)}", $"{team}:Devices:0:Id={DeviceId(d)}", $"{team}:Devices:0:Kind=GpsTracker" };
    })];

    /// <summary>The next fix, stamped now, moving each tracker a little along its street inside its court's area.</summary>
    public (string Topic, byte[] Payload) Next()
    {
        var device = (int)(_next++ % Count);
        var sequence = ++_nextSequence[device];
        var (latitude, longitude) = device % 2 == 0 ? (31.22, 121.48) : (31.16, 121.43);
        var payload = new GpsPayload(sequence, DateTimeOffset.UtcNow, latitude + (device * 0.0002), longitude + (sequence % 1_000 * 0.00001), 5, 30, 90);
        return (_topics[device], JsonSerializer.SerializeToUtf8Bytes(payload, TelemetryJsonContext.Default.GpsPayload));
    }

    private static string CourtOf(int device) => Courts[device % Courts.Length];

    private static string TeamId(int device) => $"BENCH-T{device:00}";

    private static string DeviceId(int device) => $"{TeamId(device)}-gps";
}
