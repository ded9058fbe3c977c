using System.Diagnostics;
using System.Text.Json;
using Coordination.DeviceBridge.Hosting;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Courts;
using Coordination.Grains.Alerts;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Hosting;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Orleans.Streams;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// GPS telemetry from mosquitto through the device bridge into the device and field-team grains, on the embedded
/// SQLite default: 1,000 GPS trackers (one per field team, in 10 courts) publish QoS 1 through a mosquitto set up by
/// deploy/mosquitto.sh, into the node's Orleans silo. value: messages per second from the first publish until the last
/// one's position is on the court's positions stream and every device's state is durably stored (the bridge counts a
/// message applied once the device grain's call returned, which is after its state write committed). Baseline: mosquitto_sub
/// (QoS 1) receiving the same stream in the same run, from the first publish until its last line. Then the devices
/// publish at a steady 5,000 messages per second, each stamped as it is sent: <c>p50_ms</c>/<c>p99_ms</c> run from
/// that device timestamp to the position's arrival on the stream.
/// </summary>
internal static class TelemetryScenario
{
    private const int Courts = 10;
    private const int Devices = 1_000;
    private const int Messages = 200_000;
    private const int WarmupMessages = 20_000;
    private const int PublishWindow = 1_000;
    private const double PacedRate = 5_000;
    private const string ProbePayload = "probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var repetitions = quick ? 1 : 3;
        var pacedFor = TimeSpan.FromSeconds(quick ? 8 : 30);
        await using var broker = await MosquittoBroker.StartAsync();
        using var devices = new DeviceFleet(await broker.ConnectAsSimulatorAsync("bench-devices"));

        var baseline = 0.0;
        for (var i = 0; i < repetitions; i++)
        {
            baseline = Math.Max(baseline, await MosquittoSubRateAsync(broker, devices));
        }

        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            var storage = new NodeStorageOptions { SqlitePath = Path.Combine(folder.FullName, "telemetry.db") };
            double rate;
            List<double> latencies;
            await using (var node = await StartNodeAsync(storage, broker))
            {
                await using var positions = await PositionWatch.StartAsync(node.Client);
                var bridge = node.Services.GetRequiredService<DeviceBridgeService>();
                await WaitForBridgeAsync(devices, positions);
                await devices.PublishAsync(devices.NextBatch(WarmupMessages));
                await positions.WaitForAsync(1 + WarmupMessages);

                rate = 0.0;
                for (var i = 0; i < repetitions; i++)
                {
                    rate = Math.Max(rate, await BridgeRateAsync(bridge, devices, positions));
                }

                latencies = await PacedLatenciesAsync(devices, positions, pacedFor);
                var applied = 1 + WarmupMessages + ((long)repetitions * Messages) + latencies.Count;
                EnsureAllApplied(node, applied, positions.Count);
            }

            var backlog = await BacklogDrainRateAsync(storage, broker, devices);
            var (p50, p99, max) = (Measure.Percentile(latencies, 50), Measure.Percentile(latencies, 99), latencies[^1]);
            Measure.Report($"telemetry: {Messages:N0} GPS messages from {Devices:N0} devices: through the bridge into the grains {rate:N0}/s, " +
                $"mosquitto_sub {baseline:N0}/s; at {PacedRate:N0}/s for {pacedFor.TotalSeconds:N0} s: p50 {p50:N1} ms, p99 {p99:N1} ms, max {max:N1} ms; " +
                $"a backlog of {Messages:N0} queued while the node was down drained at {backlog:N0}/s (node start included)");
            return new BenchResult("telemetry", "GPS messages from mosquitto applied by the grains per second", "msg/s", rate, baseline)
                .With("p50_ms", p50)
                .With("p99_ms", p99)
                .With("max_ms", max)
                .With("paced_msg_per_s", PacedRate)
                .With("backlog_msg_per_s", backlog)
                .With("devices", Devices);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static Task<BenchNode> StartNodeAsync(NodeStorageOptions storage, MosquittoBroker broker) => BenchNode.StartAsync(storage, AddFieldTeams, services =>
    {
        services.AddDeviceBridge(o =>
        {
            o.Port = broker.Port;
            o.Password = broker.BridgePassword;
        });
    });

    /// <summary>Every message applied once by the bridge (and carried once on the stream, if watched), none dead-lettered.</summary>
    private static void EnsureAllApplied(BenchNode node, long expected, long? positions = null)
    {
        var status = node.Services.GetRequiredService<DeviceBridgeService>().Status;
        var deadLetters = status.DeadLetters.Values.Sum();
        if (status.Accepted != expected || (positions ?? expected) != expected || deadLetters != 0)
        {
            throw new InvalidOperationException(
                $"The bridge accepted {status.Accepted:N0} and the stream carried {positions:N0} positions; {expected:N0} expected, with no dead letters ({deadLetters}).");
        }
    }

    private static void AddFieldTeams(DeploymentOptions options)
    {
        options.Courts.AddRange(Enumerable.Range(1, Courts).Select(c => new CourtOptions { Id = CourtId(c), Name = $"第{c}人民法院" }));
        options.FieldTeams.AddRange(Enumerable.Range(0, Devices).Select(d => new FieldTeamOptions
        {
            Id = $"T{d:0000}",
            CourtId = DeviceFleet.CourtOf(d),
            Devices = [new FieldDeviceOptions { Id = DeviceFleet.DeviceId(d), Kind = DeviceKind.GpsTracker }],
        }));
    }

    private static string CourtId(int n) => $"C{n:00}";

    /// <summary>mosquitto_sub's rate for one batch; a probe message first shows that its subscription is in place.</summary>
    private static async Task<double> MosquittoSubRateAsync(MosquittoBroker broker, DeviceFleet devices)
    {
        using var subscriber = broker.StartMosquittoSub("bench-baseline", DeviceFleet.GpsFilter);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = devices.NextBatch(Messages);
        var reading = Task.Run(async () =>
        {
            var received = 0;
            while (await subscriber.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == ProbePayload)
                {
                    ready.TrySetResult();
                }
                else if (++received == Messages)
                {
                    done.SetResult(Stopwatch.GetTimestamp());
                }
            }
        });

        try
        {
            var probe = System.Text.Encoding.UTF8.GetBytes(ProbePayload);
            await ProbeUntilAsync(() => devices.Client.PublishQos1Async(DeviceFleet.TopicOf(0), probe), ready.Task);
            var started = Stopwatch.GetTimestamp();
            await devices.PublishAsync(batch);
            var finished = await done.Task.WaitAsync(Timeout);
            return Messages / Stopwatch.GetElapsedTime(started, finished).TotalSeconds;
        }
        finally
        {
            subscriber.Kill();
            await subscriber.WaitForExitAsync();
            await reading;
        }
    }

    /// <summary>The bridge's session is new when the node starts: messages before its subscription are not kept, so a first fix is repeated until one arrives.</summary>
    private static async Task WaitForBridgeAsync(DeviceFleet devices, PositionWatch positions)
    {
        var first = devices.NextBatch(1)[0];
        var arrived = positions.WaitForAsync(1);
        await ProbeUntilAsync(() => devices.Client.PublishQos1Async(first.Topic, first.Payload), arrived);
    }

    /// <summary>One batch: from its first publish until every position is on the streams and every device grain has stored its state.</summary>
    private static async Task<double> BridgeRateAsync(DeviceBridgeService bridge, DeviceFleet devices, PositionWatch positions)
    {
        var batch = devices.NextBatch(Messages);
        var expected = positions.Count + Messages;
        var accepted = bridge.Status.Accepted + Messages;
        var started = Stopwatch.GetTimestamp();
        await devices.PublishAsync(batch);
        var streamed = await positions.WaitForAsync(expected);
        var stored = await StoredAsync(bridge, accepted, started);
        return Messages / Stopwatch.GetElapsedTime(started, Math.Max(streamed, stored)).TotalSeconds;
    }

    /// <summary>Completes with the time (<see cref="Stopwatch"/> ticks) the bridge had <paramref name="accepted"/> messages applied: each device's state stored.</summary>
    private static async Task<long> StoredAsync(DeviceBridgeService bridge, long accepted, long started)
    {
        while (bridge.Status.Accepted < accepted)
        {
            if (Stopwatch.GetElapsedTime(started) > Timeout)
            {
                throw new TimeoutException($"The bridge applied {bridge.Status.Accepted:N0} of {accepted:N0} messages.");
            }

            await Task.Delay(1);
        }

        return Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// The node is down while the devices publish a batch; mosquitto queues it for the bridge's session. Returns the
    /// rate from the node's start until the bridge has applied the whole backlog.
    /// </summary>
    private static async Task<double> BacklogDrainRateAsync(NodeStorageOptions storage, MosquittoBroker broker, DeviceFleet devices)
    {
        await devices.PublishAsync(devices.NextBatch(Messages));
        var started = Stopwatch.GetTimestamp();
        await using var node = await StartNodeAsync(storage, broker);
        var bridge = node.Services.GetRequiredService<DeviceBridgeService>();
        while (bridge.Status.Accepted < Messages)
        {
            if (Stopwatch.GetElapsedTime(started) > Timeout)
            {
                throw new TimeoutException($"The bridge applied {bridge.Status.Accepted:N0} of the {Messages:N0} queued messages.");
            }

            await Task.Delay(1);
        }

        var rate = Messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
        EnsureAllApplied(node, Messages);
        return rate;
    }

    /// <summary>Publishes at <see cref="PacedRate"/>, each message stamped as it is sent; returns the sorted latencies to the stream.</summary>
    private static async Task<List<double>> PacedLatenciesAsync(DeviceFleet devices, PositionWatch positions, TimeSpan duration)
    {
        var latencies = positions.RecordLatencies();
        var expected = positions.Count;
        var pending = new Queue<Task>();
        var started = Stopwatch.GetTimestamp();
        var sent = 0L;
        while (Stopwatch.GetElapsedTime(started) is var elapsed && elapsed < duration)
        {
            for (var due = (long)(elapsed.TotalSeconds * PacedRate); sent < due; sent++)
            {
                var (topic, payload) = devices.Next(TimeProvider.System.GetUtcNow());
                pending.Enqueue(devices.Client.PublishQos1Async(topic, payload));
            }

            while (pending.TryPeek(out var oldest) && oldest.IsCompleted)
            {
                await pending.Dequeue();
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(pending);
        await positions.WaitForAsync(expected + sent);
        positions.StopRecording();
        latencies.Sort();
        return latencies;
    }

    /// <summary>Repeats <paramref name="publish"/> every 100 ms until <paramref name="arrived"/> completes.</summary>
    private static async Task ProbeUntilAsync(Func<Task> publish, Task arrived)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
        while (!arrived.IsCompleted)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("No probe message arrived at the subscriber.");
            }

            await publish();
            await Task.WhenAny(arrived, Task.Delay(100));
        }
    }

    /// <summary>The devices' side: one MQTT client publishing as every tracker, each with its own sequence numbers.</summary>
    private sealed class DeviceFleet(IMqttClient client) : IDisposable
    {
        public const string GpsFilter = "courts/+/devices/+/gps";
        private static readonly string[] Topics = Enumerable.Range(0, Devices).Select(d => TelemetryTopic.For(CourtOf(d), DeviceId(d), TelemetryKind.Gps)).ToArray();
        private readonly long[] _nextSequence = new long[Devices];
        private long _next;

        public IMqttClient Client { get; } = client;

        public static string CourtOf(int device) => CourtId(1 + (device % Courts));

        public static string DeviceId(int device) => $"T{device:0000}-gps";

        public static string TopicOf(int device) => Topics[device];

        /// <summary>The next message in round-robin over the devices, stamped <paramref name="at"/>, moving each tracker a little along its street.</summary>
        public (string Topic, byte[] Payload) Next(DateTimeOffset at)
        {
            var device = (int)(_next++ % Devices);
            var sequence = ++_nextSequence[device];
            var payload = new GpsPayload(sequence, at, 31.0 + (device * 0.0005), 121.2 + (sequence % 1_000 * 0.00001), 5, 30, 90);
            return (Topics[device], JsonSerializer.SerializeToUtf8Bytes(payload, TelemetryJsonContext.Default.GpsPayload));
        }

        /// <summary>A batch built before it is timed, stamped now.</summary>
        public (string Topic, byte[] Payload)[] NextBatch(int count)
        {
            var at = TimeProvider.System.GetUtcNow();
            return Enumerable.Range(0, count).Select(_ => Next(at)).ToArray();
        }

        /// <summary>Publishes the batch in order at QoS 1, with up to <see cref="PublishWindow"/> awaiting the broker's PUBACK.</summary>
        public async Task PublishAsync((string Topic, byte[] Payload)[] batch)
        {
            var window = new Queue<Task>(PublishWindow);
            foreach (var (topic, payload) in batch)
            {
                if (window.Count == PublishWindow)
                {
                    await window.Dequeue();
                }

                window.Enqueue(Client.PublishQos1Async(topic, payload));
            }

            await Task.WhenAll(window);
        }

        public void Dispose() => Client.Dispose();
    }

    /// <summary>Every court's positions stream: how many positions arrived, when the last did, and (while asked) each one's latency.</summary>
    private sealed class PositionWatch : IAsyncDisposable
    {
        private readonly List<StreamSubscriptionHandle<TeamPosition>> _subscriptions = [];
        private readonly Lock _lock = new();
        private List<double>? _latencies;
        private long _count;
        private long _lastArrival;
        private (long Count, TaskCompletionSource<long> Reached)? _waiter;

        public long Count => Interlocked.Read(ref _count);

        public static async Task<PositionWatch> StartAsync(IClusterClient client)
        {
            var watch = new PositionWatch();
            var streams = client.GetStreamProvider(StreamNames.Provider);
            for (var c = 1; c <= Courts; c++)
            {
                watch._subscriptions.Add(await PositionStreams.ForCourt(streams, CourtId(c)).SubscribeAsync((position, _) =>
                {
                    watch.OnPosition(position);
                    return Task.CompletedTask;
                }));
            }

            return watch;
        }

        public List<double> RecordLatencies()
        {
            lock (_lock)
            {
                return _latencies = new List<double>(capacity: 1_000_000);
            }
        }

        public void StopRecording()
        {
            lock (_lock)
            {
                _latencies = null;
            }
        }

        /// <summary>Completes with the arrival time (<see cref="Stopwatch"/> ticks) once <paramref name="count"/> positions have arrived.</summary>
        public Task<long> WaitForAsync(long count)
        {
            lock (_lock)
            {
                if (_count >= count)
                {
                    return Task.FromResult(_lastArrival);
                }

                var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiter = (count, reached);
                return reached.Task.WaitAsync(Timeout);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var subscription in _subscriptions)
            {
                await subscription.UnsubscribeAsync();
            }
        }

        private void OnPosition(TeamPosition position)
        {
            var now = Stopwatch.GetTimestamp();
            var latency = (TimeProvider.System.GetUtcNow() - position.At).TotalMilliseconds;
            lock (_lock)
            {
                _count++;
                _lastArrival = now;
                _latencies?.Add(latency);
                if (_waiter is { } waiter && _count >= waiter.Count)
                {
                    _waiter = null;
                    waiter.Reached.SetResult(now);
                }
            }
        }
    }
}
