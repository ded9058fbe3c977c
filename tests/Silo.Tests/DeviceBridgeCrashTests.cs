using System.Text.Json;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Coordination.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests;

/// <summary>The node executable with its bridge, killed with SIGKILL in the middle of a flow (needs the mosquitto server).</summary>
[Trait("Category", "Mosquitto")]
public sealed class DeviceBridgeCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 10_000;

    // The sample field teams' devices of appsettings.json.
    private static readonly string[] Devices = [.. from team in new[] { "SH01-T1", "SH01-T2", "SH02-T1", "SH02-T2" } from kind in new[] { "gps", "cam" } select $"{team}-{kind}"];

    /// <summary>The node's grain state format: Orleans' binary serializer over the grains' generated codecs.</summary>
    private static readonly OrleansGrainStorageSerializer StoredStates = new(new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(DeviceState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>());

    private MosquittoBroker _broker = null!;
    private RunningNode _node = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _node = new RunningNode("crash", MosquittoBroker.FreePort(),
            "--DeviceBridge:Enabled=true", $"--DeviceBridge:Port={_broker.Port}", $"--DeviceBridge:PasswordFile={_broker.BridgePasswordFile}");
    }

    public async Task DisposeAsync()
    {
        foreach (var line in _node.Log.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        await _node.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task NodeKilledMidFlow_HandlesEveryMessageExactlyOnceInEffect_AfterItRestarts()
    {
        using var publisher = await _broker.ConnectAsSimulatorAsync("crash-test-publisher");
        await _node.StartAsync();
        await PublishFirstUntilHandledAsync(publisher);
        await PublishAsync(publisher, 1, Messages / 2);
        await WaitForAsync(() => AcceptedTotal() >= 1_000, "the node to have handled a first part");
        await _node.KillAsync();

        var handledBeforeKill = AcceptedTotal();
        await PublishAsync(publisher, Messages / 2, Messages); // queued by the broker while the node is down

        await _node.StartAsync();
        await WaitForAsync(() => AcceptedTotal() == Messages, $"every message to be handled after the restart (before kill {handledBeforeKill})", () => string.Join(", ", DeviceStates()));
        await WaitForAsync(() => DeviceStates().All(d => d.Highest == Messages / Devices.Length), "every device's last message");
        await _node.KillAsync();

        var states = DeviceStates();
        Assert.All(states, d => Assert.Equal((Messages / Devices.Length, Messages / Devices.Length), (d.Accepted, d.Highest)));
        output.WriteLine($"handled before SIGKILL: {handledBeforeKill}; redelivered after restart and recognised as duplicates: {states.Sum(d => d.Duplicates)}");
    }

    /// <summary>
    /// Messages published before the bridge's first subscription reach nobody (MQTT keeps no messages for a session that
    /// does not exist yet), so the first one is repeated until the node has it; the repeats count as duplicates.
    /// </summary>
    private async Task PublishFirstUntilHandledAsync(IMqttClient publisher)
    {
        for (var attempt = 0; AcceptedTotal() == 0; attempt++)
        {
            Assert.True(attempt < 120, "The node did not handle a first message within a minute.");
            await PublishAsync(publisher, 0, 1);
            try
            {
                await Wait.UntilAsync(() => AcceptedTotal() > 0, "the first message", TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Message n goes to device n mod 8 with that device's next sequence number, at QoS 1, one after the other as devices send.</summary>
    private static async Task PublishAsync(IMqttClient publisher, int from, int to)
    {
        var now = DateTimeOffset.UtcNow;
        for (var n = from; n < to; n++)
        {
            var device = Devices[n % Devices.Length];
            var payload = JsonSerializer.SerializeToUtf8Bytes(new GpsPayload(n / Devices.Length + 1, now, 31.23 + n * 1e-6, 121.47, 5, 20, 90), TelemetryJsonContext.Default.GpsPayload);
            await publisher.PublishQos1Async(TelemetryTopic.For(device[..4], device, TelemetryKind.Gps), payload);
        }
    }

    private long AcceptedTotal() => DeviceStates().Sum(d => d.Accepted);

    /// <summary>
    /// The devices' stored states, read straight from the node's SQLite file (WAL: readable while the node writes) and
    /// decoded with Orleans' serializer, as the node's grain storage wrote them.
    /// </summary>
    private List<(long Accepted, long Highest, long Duplicates)> DeviceStates()
    {
        var path = Path.Combine(_node.Folder, "data", "coordination.db");
        if (!File.Exists(path))
        {
            return [];
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM orleans_grain_state WHERE grain_type = 'device' AND payload IS NOT NULL";
        var states = new List<(long, long, long)>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var state = StoredStates.Deserialize<DeviceState>(new BinaryData((byte[])reader.GetValue(0)))!;
                states.Add((state.Accepted, state.Delivered.Highest, state.Duplicates));
            }
        }
        catch (SqliteException)
        {
            return []; // the node has not created its tables yet
        }

        return states;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, Func<string>? state = null)
    {
        try
        {
            await Wait.UntilAsync(condition, what, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException timeout) when (state is not null)
        {
            throw new TimeoutException($"{timeout.Message} Devices (accepted, highest, duplicates): {state()}", timeout);
        }
    }
}
