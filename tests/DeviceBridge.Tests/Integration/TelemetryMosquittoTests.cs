using System.Buffers;
using System.Text;
using System.Text.Json;
using Coordination.DeviceBridge.Hosting;
using Coordination.DeviceBridge.Telemetry;
using Coordination.DeviceBridge.Tests.Support;
using Coordination.Testing;
using Coordination.Grains.Alerts;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Orleans.Streams;

namespace Coordination.DeviceBridge.Tests.Integration;

/// <summary>The bridge in a node, against a real mosquitto configured by deploy/mosquitto.sh (needs the mosquitto server).</summary>
[Trait("Category", "Mosquitto")]
public sealed class TelemetryMosquittoTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _node = await BridgeNode.StartAsync(_broker,
        [
            new FieldTeamOptions { Id = "SH01-T1", CourtId = "SH01", Devices = [new FieldDeviceOptions { Id = "SH01-T1-gps", Kind = DeviceKind.GpsTracker }] },
        ]);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private DeviceBridgeService Bridge => _node.Bridge();

    /// <summary>
    /// Waits at most 10 s for an item of a live stream. The silo's memory-stream pulling agent reads its queue on a
    /// timer of the node's clock, which is a fake one here: it is moved on in small steps meanwhile.
    /// </summary>
    private async Task<T> DeliveredAsync<T>(Task<T> arrived)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!arrived.IsCompleted && elapsed.Elapsed < TimeSpan.FromSeconds(10))
        {
            _node.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(arrived, Task.Delay(20));
        }

        return await arrived.WaitAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task MessagePublishedWithMosquittoPub_AppearsOnTheCourtsPositionsStream()
    {
        var arrived = new TaskCompletionSource<TeamPosition>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await PositionStreams.ForCourt(_node.Client.GetStreamProvider(StreamNames.Provider), "SH01")
            .SubscribeAsync((position, _) => Task.FromResult(arrived.TrySetResult(position)));
        var at = _node.Time.GetUtcNow();
        TeamPosition position;
        try
        {
            await _broker.PublishWithMosquittoPubAsync("courts/SH01/devices/SH01-T1-gps/gps",
                $$"""{"seq":1,"ts":"{{at:O}}","lat":31.2304,"lon":121.4737,"acc":4.5,"speed":28,"heading":270}""");

            position = await DeliveredAsync(arrived.Task);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }

        Assert.Equal(("SH01-T1", "SH01-T1-gps", 1L, at, 31.2304, 121.4737, 4.5, 28d, 270d),
            (position.TeamId, position.DeviceId, position.Sequence, position.At, position.Latitude, position.Longitude, position.AccuracyMetres, position.SpeedKmh, position.HeadingDegrees));
        await Wait.UntilAsync(() => Bridge.Status.Accepted == 1, "the message to be counted");
    }

    [Theory]
    [InlineData("courts/SH01/devices/SH01-T1-gps/gps", "not json", "not-json")]
    [InlineData("courts/SH01/devices/SH01-T1-gps/gps", """{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":95,"lon":121}""", "out-of-range")]
    [InlineData("courts/SH01/devices/SH01-T1-gps/gps", """{"seq":2,"ts":"2027-01-05T00:00:00Z","lat":31,"lon":121}""", "future-timestamp")]
    [InlineData("courts/SH02/devices/SH01-T1-gps/gps", """{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31,"lon":121}""", "wrong-court")]
    [InlineData("courts/SH01/devices/nobody/gps", """{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31,"lon":121}""", "unknown-device")]
    [InlineData("courts/SH01/devices/SH01-T1-gps/bodycam/status", """{"seq":2,"ts":"2026-01-05T00:00:00Z","recording":true,"battery":50,"storage":1}""", "wrong-device-kind")]
    [InlineData("courts/SH01/devices/SH01-T1-gps/weather", "{}", "unknown-topic")]
    [InlineData("courts/SH01/devices/SH01-T1-gps/command-acks", """{"commandId":null,"ts":"2026-01-05T00:00:00Z","ok":true}""", "bad-payload")]
    [InlineData("courts/SH01/devices/SH01-T1-gps/command-acks", """{"commandId":"cmd-1","ts":"2026-01-05T00:00:00Z"}""", "bad-payload")]
    public async Task BadMessage_IsDeadLetteredWithItsReason_CountedAndNeverReachesAGrain(string topic, string payload, string reason)
    {
        var letters = new TaskCompletionSource<(string Topic, DeadLetter Letter)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = await _broker.ConnectAsSimulatorAsync("dead-letter-watcher", message =>
        {
            letters.TrySetResult((message.Topic, JsonSerializer.Deserialize(message.Payload.ToArray(), TelemetryJsonContext.Default.DeadLetter)!));
            return Task.CompletedTask;
        }, subscribe: "deadletter/#");

        await _broker.PublishWithMosquittoPubAsync(topic, payload);

        var (letterTopic, letter) = await letters.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("deadletter/" + topic, letterTopic);
        Assert.Equal((reason, topic, payload), (letter.Reason, letter.Topic, letter.Payload));
        Assert.Equal(1, Bridge.Status.DeadLetters[reason]);
        Assert.Equal(0, Bridge.Status.Accepted);
        Assert.Equal(0, (await _node.Client.GetGrain<IDeviceGrain>("SH01-T1-gps").Get()).Accepted);
        Assert.Equal((true, 0L), (Bridge.Status.Connected, Bridge.Status.Reconnects));
    }

    /// <summary>Four payloads that are not one JSON object in UTF-8, by name (the names show in the test list).</summary>
    private static readonly Dictionary<string, byte[]> NotJson = new()
    {
        // A complete GPS fix but for one field holding a byte sequence that is not UTF-8 (0xC3 0x28).
        ["invalid-utf8"] = [.. "{\"seq\":2,\"ts\":\"2026-01-05T00:00:00Z\",\"lat\":31,\"lon\":121,\"note\":\""u8, 0xC3, 0x28, .. "\"}"u8],
        ["truncated-object"] = """{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31"""u8.ToArray(),
        ["bare-number"] = "42"u8.ToArray(),
        ["empty"] = [],
    };

    public static TheoryData<string> NotJsonPayloads => [.. NotJson.Keys];

    [Theory]
    [MemberData(nameof(NotJsonPayloads))]
    public async Task PayloadThatIsNotAJsonObjectInUtf8_IsDeadLetteredAsNotJson_WithTheOriginalBytes(string name)
    {
        const string topic = "courts/SH01/devices/SH01-T1-gps/gps";
        var payload = NotJson[name];
        var letters = new TaskCompletionSource<(string Topic, DeadLetter Letter)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = await _broker.ConnectAsSimulatorAsync("dead-letter-watcher", message =>
        {
            letters.TrySetResult((message.Topic, JsonSerializer.Deserialize(message.Payload.ToArray(), TelemetryJsonContext.Default.DeadLetter)!));
            return Task.CompletedTask;
        }, subscribe: "deadletter/#");

        await _broker.PublishWithMosquittoPubAsync(topic, payload);

        var (letterTopic, letter) = await letters.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("deadletter/" + topic, "not-json", topic, payload.Length, false), (letterTopic, letter.Reason, letter.Topic, letter.PayloadBytes, letter.PayloadTruncated));
        var carried = letter.PayloadEncoding == "base64" ? Convert.FromBase64String(letter.PayloadBase64!) : Encoding.UTF8.GetBytes(letter.Payload!);
        Assert.Equal(name == "invalid-utf8" ? "base64" : "utf-8", letter.PayloadEncoding);
        Assert.Equal(payload, carried);
        Assert.Equal(1, Bridge.Status.DeadLetters["not-json"]);
        Assert.Equal(0, (await _node.Client.GetGrain<IDeviceGrain>("SH01-T1-gps").Get()).Accepted);
    }
}
