using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Coordination.DeviceBridge.Hosting;
using Coordination.DeviceBridge.Simulation;
using Coordination.DeviceBridge.Telemetry;
using Coordination.DeviceBridge.Tests.Support;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.FieldTeams;
using Coordination.Testing;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace Coordination.DeviceBridge.Tests.Integration;

/// <summary>Commands from the node to a device and the device's answers, through a real mosquitto (needs the mosquitto server).</summary>
[Trait("Category", "Mosquitto")]
public sealed class DeviceCommandMosquittoTests : IAsyncLifetime
{
    private const string Camera = "SH01-T1-cam";
    private static readonly DeviceCommandSender CommandCentre = new("command-centre", IsJudge: false);
    private readonly Channel<CommandPayload> _received = Channel.CreateUnbounded<CommandPayload>();
    private readonly List<FieldTeamOptions> _teams =
    [
        new() { Id = "SH01-T1", CourtId = "SH01", Devices = [new FieldDeviceOptions { Id = "SH01-T1-gps", Kind = DeviceKind.GpsTracker }, new FieldDeviceOptions { Id = Camera, Kind = DeviceKind.BodyCamera }] },
    ];

    private MosquittoBroker _broker = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        // The simulator reads the real clock: the node's fake one starts there.
        _node = await BridgeNode.StartAsync(_broker, _teams, time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private DeviceBridgeService Bridge => _node.Bridge();

    private IDeviceGrain Device => _node.Client.GetGrain<IDeviceGrain>(Camera);

    [Fact]
    public async Task Command_IsDeliveredToTheDevice_ThenAcknowledged_AndARepeatedAnswerChangesNothing()
    {
        using var device = await ConnectAsDeviceAsync();

        var sent = await Device.SendCommand(new DeviceCommandRequest(DeviceCommandKind.Message, "请于14:00前返回法院"), CommandCentre);

        Assert.Equal(DeviceCommandStatus.Delivered, sent.Status);
        var received = await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((sent.Id, "Message", "请于14:00前返回法院", sent.ExpiresAt), (received.CommandId, received.Kind, received.Text, received.ExpiresAt));

        var answeredAt = _node.Time.GetUtcNow();
        await AnswerAsync(device, sent.Id, ok: true);
        await Wait.UntilAsync(async () => (await Device.GetCommands()).Single().Status == DeviceCommandStatus.Acknowledged, "the command to be acknowledged");
        _node.Time.Advance(TimeSpan.FromSeconds(5));
        await AnswerAsync(device, sent.Id, ok: true);
        await Wait.UntilAsync(() => Bridge.Status.Duplicates == 1, "the repeated answer to be counted as a repeat");

        var settled = (await Device.GetCommands()).Single();
        Assert.Equal((DeviceCommandStatus.Acknowledged, answeredAt, (bool?)true), (settled.Status, settled.AnsweredAt, settled.Succeeded));
        Assert.Equal(1, Bridge.Status.CommandsPublished);
    }

    [Fact]
    public async Task CommandNotAnsweredBeforeItsExpiry_Expires_AndALateAnswerIsRecordedWithoutChangingThat()
    {
        using var device = await ConnectAsDeviceAsync();
        var sent = await Device.SendCommand(new DeviceCommandRequest(DeviceCommandKind.ReturnToBase, ExpiresInSeconds: 30), CommandCentre);
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        _node.Time.Advance(TimeSpan.FromSeconds(31));
        await Wait.UntilAsync(async () => (await Device.GetCommands()).Single().Status == DeviceCommandStatus.Expired, "the command to expire");
        await AnswerAsync(device, sent.Id, ok: true);
        await Wait.UntilAsync(async () => (await Device.GetCommands()).Single().AnsweredAt is not null, "the late answer to be recorded");

        Assert.Equal(DeviceCommandStatus.Expired, (await Device.GetCommands()).Single().Status);
    }

    [Fact]
    public async Task AnswerNamingNoCommand_IsDeadLettered()
    {
        using var device = await ConnectAsDeviceAsync();

        await AnswerAsync(device, "cmd-never-sent", ok: true);

        await Wait.UntilAsync(() => Bridge.Status.DeadLetters["processing-failed"] == 1, "the answer to be dead-lettered");
        Assert.Empty(await Device.GetCommands());
    }

    [Fact]
    public async Task Simulator_AnswersStartRecording_AndItsCameraThenReportsRecording()
    {
        var mqtt = _broker.SimulatorOptions("simulator-under-test");
        var simulator = new DeviceSimulator(new SimulatorOptions { Rate = 100, MalformedEvery = 0 }, _teams, mqtt, TimeProvider.System, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        var running = simulator.RunAsync(stop.Token);
        try
        {
            await Wait.UntilAsync(async () => (await Device.Get()).LastStatus is not null, "the simulator's first camera status", TimeSpan.FromSeconds(20));
            Assert.False((await Device.Get()).LastStatus!.Value.Recording);

            await Device.SendCommand(new DeviceCommandRequest(DeviceCommandKind.StartRecording), CommandCentre);

            await Wait.UntilAsync(async () => (await Device.GetCommands()).Single().Status == DeviceCommandStatus.Acknowledged, "the simulator to acknowledge");
            Assert.True(simulator.IsRecording(Camera));
            await Wait.UntilAsync(async () => (await Device.Get()).LastStatus!.Value.Recording, "the camera's status to say it records", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    /// <summary>Connects as the camera would, reading its command topic.</summary>
    private Task<IMqttClient> ConnectAsDeviceAsync() => _broker.ConnectAsSimulatorAsync("camera", message =>
    {
        _received.Writer.TryWrite(JsonSerializer.Deserialize(message.Payload.ToArray(), TelemetryJsonContext.Default.CommandPayload)!);
        return Task.CompletedTask;
    }, subscribe: TelemetryTopic.CommandsOf(Camera));

    private async Task AnswerAsync(IMqttClient device, string commandId, bool ok)
    {
        var answer = JsonSerializer.SerializeToUtf8Bytes(new CommandAckPayload(commandId, _node.Time.GetUtcNow(), ok, null), TelemetryJsonContext.Default.CommandAckPayload);
        Assert.True((await device.PublishQos1Async(TelemetryTopic.For("SH01", Camera, TelemetryKind.CommandAck), answer)).IsSuccess);
    }
}
