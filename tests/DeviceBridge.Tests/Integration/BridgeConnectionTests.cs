using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Coordination.DeviceBridge.Hosting;
using Coordination.DeviceBridge.Telemetry;
using Coordination.DeviceBridge.Tests.Support;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace Coordination.DeviceBridge.Tests.Integration;

/// <summary>
/// The bridge's broker session: when the broker or the network fails under it, with messages the broker's limit barely
/// takes, and shared between bridges; against a real mosquitto (needs the mosquitto server).
/// </summary>
[Trait("Category", "Mosquitto")]
public sealed class BridgeConnectionTests : IAsyncLifetime
{
    private static readonly string[] Devices = ["SH01-T1-gps", "SH01-T2-gps", "SH01-T3-gps", "SH01-T4-gps"];
    private MosquittoBroker _broker = null!;
    private TcpProxy? _proxy;
    private TestNode? _node;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        await _broker.DisposeAsync();
    }

    private DeviceBridgeService Bridge => _node!.Bridge();

    [Fact]
    public async Task BrokerRestartedMidFlow_EveryMessageIsAppliedOnce_AndTheBridgeIsBackWithinFiveSeconds()
    {
        const int BeforeRestart = 20_000;
        const int AfterRestart = 2_000;
        await StartNodeAsync(_broker.Port);
        using (var publisher = await _broker.ConnectAsSimulatorAsync("restart-publisher"))
        {
            await PublishAsync(publisher, 0, BeforeRestart);
        }

        await Wait.UntilAsync(() => Bridge.Status.Accepted >= 1_000, "the bridge to be in the middle of the queued messages", TimeSpan.FromSeconds(30));
        await _broker.StopAsync();
        await Wait.UntilAsync(() => !Bridge.Status.Connected, "the bridge to notice the broker is gone");
        Assert.NotNull(Bridge.Status.LastError);
        Assert.InRange(Bridge.Status.Accepted, 1, BeforeRestart - 1); // the restart did come in the middle of the flow

        await _broker.StartAgainAsync();
        var back = DateTimeOffset.UtcNow;
        await Wait.UntilAsync(() => Bridge.Status.Connected, $"the bridge to reconnect within 5 s of the broker being back at {back:O}", TimeSpan.FromSeconds(5))
            .ContinueWith(t => t.IsFaulted ? throw new TimeoutException($"{t.Exception!.InnerException!.Message}; {Bridge.Status}") : t, TaskScheduler.Default).Unwrap();
        using (var publisher = await _broker.ConnectAsSimulatorAsync("restart-publisher"))
        {
            await PublishAsync(publisher, BeforeRestart, BeforeRestart + AfterRestart);
        }

        const int PerDevice = (BeforeRestart + AfterRestart) / 4;
        try
        {
            await Wait.UntilAsync(async () => (await DeviceViewsAsync()).All(d => d.HighestSequence == PerDevice), "every message to be applied", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            var views = await DeviceViewsAsync();
            throw new TimeoutException($"{timeout.Message}; devices (accepted, highest, duplicates): {string.Join(", ", views.Select(v => (v.Accepted, v.HighestSequence, v.Duplicates)))}; bridge: {Bridge.Status}", timeout);
        }
        var devices = await DeviceViewsAsync();
        Assert.All(devices, d => Assert.Equal(PerDevice, d.Accepted));
        Assert.True(Bridge.Status.Reconnects >= 1);
        Assert.Equal(0, Bridge.Status.DeadLetters.Values.Sum());
    }

    [Fact]
    public async Task ConnectionCutWhileADeadLetterWaitsForItsAcknowledgement_TheBridgeReconnects_AndTheDeadLetterArrives()
    {
        _proxy = new TcpProxy(_broker.Port);
        await StartNodeAsync(_proxy.Port);
        var letters = new ConcurrentQueue<DeadLetter>();
        using var watcher = await WatchDeadLettersAsync(letters);

        // The bridge's publishes are held: its dead letter never reaches the broker and no PUBACK comes back. Everything
        // else it sends goes through, so a PUBACK for the bad message sent before its dead letter was out would reach the
        // broker, and the message would not come again.
        _proxy.HoldPublishes();
        await _broker.PublishWithMosquittoPubAsync("courts/SH01/devices/SH01-T1-gps/gps", "not json");
        await Wait.UntilAsync(() => _proxy.HeldPublishes == 1, "the bridge to publish the dead letter");
        Assert.Empty(letters);
        _proxy.Cut();

        await Wait.UntilAsync(() => Bridge.Status is { Connected: true, Reconnects: >= 1 }, "the bridge to reconnect", TimeSpan.FromSeconds(10));
        await Wait.UntilAsync(() => !letters.IsEmpty, "the dead letter, after the broker delivered the message again");
        Assert.Equal(("not-json", "not json"), (letters.First().Reason, letters.First().Payload));

        // It still handles messages, and acknowledged the redelivered bad one: it does not come a third time.
        await _broker.PublishWithMosquittoPubAsync("courts/SH01/devices/SH01-T1-gps/gps", $$"""{"seq":1,"ts":"{{TestNode.Start:O}}","lat":31.23,"lon":121.47}""");
        await Wait.UntilAsync(() => Bridge.Status.Accepted == 1, "a good message to be applied");
        await Wait.UntilAsync(() => Bridge.Status.Acknowledged == 2, "the redelivered and the good message to be acknowledged");
        Assert.Equal((3L, 2L, 1), (Bridge.Status.Received, Bridge.Status.DeadLetters["not-json"], letters.Count));
        Assert.True(Bridge.Status.Connected);
    }

    [Fact]
    public async Task OversizePayloadAndVeryLongTopic_AreDeadLetteredWithinTheBrokersLimit_AndTheBridgeStaysConnected()
    {
        await StartNodeAsync(_broker.Port);
        var letters = new ConcurrentQueue<DeadLetter>();
        using var watcher = await WatchDeadLettersAsync(letters);
        using var publisher = await _broker.ConnectAsSimulatorAsync("oversize-publisher");

        // 60,000 control characters: each grows to six in JSON, so the copy would be 360 KB against a 64 KiB packet limit.
        var oversize = new byte[60_000];
        Array.Fill(oversize, (byte)1);
        var longTopic = "courts/SH01/devices/" + new string('x', 60_000) + "/gps";
        Assert.True((await publisher.PublishQos1Async("courts/SH01/devices/SH01-T1-gps/gps", oversize)).IsSuccess);
        Assert.True((await publisher.PublishQos1Async(longTopic, "{}"u8.ToArray())).IsSuccess);

        await Wait.UntilAsync(() => letters.Count == 2, "both dead letters");
        var bySize = letters.Single(l => l.Reason == "oversize");
        Assert.Equal((60_000, true, false), (bySize.PayloadBytes, bySize.PayloadTruncated, bySize.TopicTruncated));
        var byTopic = letters.Single(l => l.Reason == "unknown-topic");
        Assert.Equal((TelemetryTopic.MaxLength, true), (byTopic.Topic.Length, byTopic.TopicTruncated));
        Assert.StartsWith(byTopic.Topic, longTopic, StringComparison.Ordinal);
        Assert.Equal((true, 0L, 0L), (Bridge.Status.Connected, Bridge.Status.Reconnects, Bridge.Status.UnpublishedDeadLetters));
    }

    [Fact]
    public async Task TwoBridgesInOneSharedGroup_SplitTheDevicesTraffic_AndEachMessageIsAppliedOnce()
    {
        const int Messages = 2_000;
        await StartNodeAsync(_broker.Port);
        var options = _node!.Services.GetRequiredService<IOptions<DeviceBridgeOptions>>().Value;
        var second = new DeviceBridgeService(
            Options.Create(new DeviceBridgeOptions { Port = options.Port, PasswordFile = options.PasswordFile, ClientId = "coordination-bridge-2", SharedGroup = options.SharedGroup }),
            _node.Client, _node.Services.GetRequiredService<DeviceDirectory>(), new BridgeCounters(_node.Services.GetRequiredService<IMeterFactory>()),
            _node.Services.GetRequiredService<DeadLetterLog>(), _node.Time, _node.Services.GetRequiredService<ILoggerFactory>());
        await using (second)
        {
            await second.StartAsync(CancellationToken.None);
            await Wait.UntilAsync(() => second.Status.Connected, "the second bridge to connect");
            using var publisher = await _broker.ConnectAsSimulatorAsync("shared-publisher");
            await PublishAsync(publisher, 0, Messages);

            await Wait.UntilAsync(() => Bridge.Status.Accepted + second.Status.Accepted == Messages, "every message to be applied by one bridge or the other", TimeSpan.FromSeconds(30));
            Assert.True(Bridge.Status.Accepted > 0 && second.Status.Accepted > 0, $"split {Bridge.Status.Accepted} / {second.Status.Accepted}");
            Assert.All(await DeviceViewsAsync(), d => Assert.Equal((Messages / 4, 0L), (d.Accepted, d.Duplicates)));
            await second.StopAsync(CancellationToken.None);
        }
    }

    private async Task StartNodeAsync(int brokerPort) => _node = await BridgeNode.StartAsync(_broker,
        Devices.Select(device => new FieldTeamOptions { Id = device[..7], CourtId = "SH01", Devices = [new FieldDeviceOptions { Id = device, Kind = DeviceKind.GpsTracker }] }),
        brokerPort);

    private Task<IMqttClient> WatchDeadLettersAsync(ConcurrentQueue<DeadLetter> letters) =>
        _broker.ConnectAsSimulatorAsync("dead-letter-watcher", message =>
        {
            letters.Enqueue(JsonSerializer.Deserialize(message.Payload.ToArray(), TelemetryJsonContext.Default.DeadLetter)!);
            return Task.CompletedTask;
        }, subscribe: "deadletter/#");

    /// <summary>Message n goes to device n mod 4, with that device's next sequence number, stamped with the node's clock.</summary>
    private static async Task PublishAsync(IMqttClient publisher, int from, int to)
    {
        var window = new Queue<Task<MqttClientPublishResult>>();
        for (var n = from; n < to; n++)
        {
            var device = Devices[n % Devices.Length];
            var payload = JsonSerializer.SerializeToUtf8Bytes(new GpsPayload((n / Devices.Length) + 1, TestNode.Start, 31.23, 121.47, 5, 20, 90), TelemetryJsonContext.Default.GpsPayload);
            window.Enqueue(publisher.PublishQos1Async(TelemetryTopic.For("SH01", device, TelemetryKind.Gps), payload));
            if (window.Count == 200)
            {
                Assert.True((await window.Dequeue()).IsSuccess);
            }
        }

        foreach (var publish in window)
        {
            Assert.True((await publish).IsSuccess);
        }
    }

    private async Task<DeviceView[]> DeviceViewsAsync() => await Task.WhenAll(Devices.Select(d => _node!.Client.GetGrain<IDeviceGrain>(d).Get()));
}
