using System.Buffers;
using System.Text;
using Coordination.DeviceBridge.Mqtt.Client;
using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;
using Coordination.DeviceBridge.Tests.Support;
using Coordination.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.DeviceBridge.Tests.Mqtt;

/// <summary>The client's session behaviour against a scripted broker (no server needed).</summary>
public sealed class MqttClientUnitTests : IAsyncLifetime
{
    private readonly FakeBroker _broker = new();
    private readonly List<MqttClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task ReceivedQos1Message_IsAcknowledgedOnlyAfterItsHandlerCompletes()
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = Start(async (message, _) =>
        {
            started.TrySetResult(message.TopicName + " " + Encoding.UTF8.GetString(message.Payload.Span));
            await handled.Task;
        }, subscribe: "courts/#");
        await using var session = await _broker.AcceptAsync();
        var subscribe = await session.ReadAsync();
        Assert.Equal("82 0D 00 01 00 08 63 6F 75 72 74 73 2F 23 01", Hex.Of(subscribe.Bytes));
        await session.SendAsync("90 03 00 01 01");
        await client.WaitUntilConnectedAsync(CancellationToken.None);

        await session.SendAsync("32 09 00 03 61 2F 62 00 05 68 69");
        Assert.Equal("a/b hi", await started.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        // Writes are ordered: had a PUBACK been sent before handling, it would arrive before this probe.
        await client.PublishAsync("probe", "x"u8.ToArray(), MqttQualityOfService.AtMostOnce);
        Assert.Equal(MqttPacketType.Publish, (await session.ReadAsync()).Header.Type);

        handled.SetResult();
        Assert.Equal("40 02 00 05", Hex.Of((await session.ReadAsync()).Bytes));
        Assert.Equal(1, client.Status.Acknowledged);
    }

    [Fact]
    public async Task PubAcks_GoOutInArrivalOrder_EvenWhenHandlersFinishOutOfOrder()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(async (message, _) =>
        {
            if (message.Payload.Span[0] == (byte)'1')
            {
                await first.Task;
            }
            else
            {
                secondHandled.SetResult();
            }
        });
        await using var session = await _broker.AcceptAsync();

        await session.SendAsync("32 06 00 01 61 00 01 31");
        await session.SendAsync("32 06 00 01 61 00 02 32");
        await secondHandled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        first.SetResult();

        Assert.Equal("40 02 00 01", Hex.Of((await session.ReadAsync()).Bytes));
        Assert.Equal("40 02 00 02", Hex.Of((await session.ReadAsync()).Bytes));
    }

    [Fact]
    public async Task FailingHandler_LeavesTheMessageUnacknowledged_AndTheBrokerRedeliversItAfterTheReconnect()
    {
        var attempts = 0;
        Start((_, _) => Interlocked.Increment(ref attempts) == 1 ? ValueTask.FromException(new InvalidOperationException("storage down")) : ValueTask.CompletedTask);
        await using (var session = await _broker.AcceptAsync())
        {
            await session.SendAsync("32 06 00 01 61 00 07 31");
            await session.ClosedByClientAsync();
        }

        await using var resumed = await _broker.AcceptAsync(sessionPresent: true);
        await resumed.SendAsync("3A 06 00 01 61 00 07 31");

        Assert.Equal("40 02 00 07", Hex.Of((await resumed.ReadAsync()).Bytes));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task UnacknowledgedPublish_IsResentWithDupAfterReconnect_AndCompletesOnPubAck()
    {
        var client = Start((_, _) => ValueTask.CompletedTask);
        Task publishing;
        await using (var session = await _broker.AcceptAsync())
        {
            await client.WaitUntilConnectedAsync(CancellationToken.None);
            publishing = client.PublishAsync("devices/d1/commands", "on"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
            var sent = await session.ReadAsync();
            Assert.Equal("32 19 00 13 64 65 76 69 63 65 73 2F 64 31 2F 63 6F 6D 6D 61 6E 64 73 00 01 6F 6E", Hex.Of(sent.Bytes));
            session.Drop();
        }

        await using var resumed = await _broker.AcceptAsync(sessionPresent: true);
        var resent = await resumed.ReadAsync();

        Assert.Equal(0x3A, resent.Bytes[0]); // PUBLISH, DUP, QoS 1
        Assert.Equal("00 01", Hex.Of(resent.Bytes.AsSpan(23, 2)));
        Assert.False(publishing.IsCompleted);
        await resumed.SendAsync("40 02 00 01");
        await publishing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public static TheoryData<string, string> MalformedPackets => new()
    {
        { "30 FF FF FF FF 01", "more than four bytes" },
        { "F0 00", "Unknown packet type" },
        { "30 81 01", "too large" },
        { "30 03 00 05 61", "Truncated PUBLISH" },
        { "90 03 00 09 01", "which no SUBSCRIBE used" },
        { "10 00", "never sends Connect" },
        { "20 02 00 00", "second CONNACK" },
    };

    [Theory]
    [MemberData(nameof(MalformedPackets))]
    public async Task MalformedPacketFromTheBroker_ClosesThatConnection_AndTheClientReconnects(string packet, string reason)
    {
        var client = Start((_, _) => ValueTask.CompletedTask, maxPacketSize: 128);
        await using (var session = await _broker.AcceptAsync())
        {
            await client.WaitUntilConnectedAsync(CancellationToken.None);
            await session.SendAsync(packet);
            await session.ClosedByClientAsync();
        }

        await using var next = await _broker.AcceptAsync();
        await client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(reason, client.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(2, client.Status.Connects);
    }

    [Fact]
    public async Task TruncatedPacket_AtTheEndOfTheConnection_IsAProtocolError()
    {
        var client = Start((_, _) => ValueTask.CompletedTask);
        await using (var session = await _broker.AcceptAsync())
        {
            await client.WaitUntilConnectedAsync(CancellationToken.None);
            await session.SendAsync("32 09 00 03 61");
            session.Close();
        }

        await using var next = await _broker.AcceptAsync();
        await Wait.UntilAsync(() => client.Status.ProtocolErrors == 1, "the truncated packet to be counted");
        Assert.Contains("Truncated packet", client.Status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAlive_PingsWhenIdle_AndDropsABrokerThatStopsAnswering()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero));
        var client = Start((_, _) => ValueTask.CompletedTask, time: time);
        await using var session = await _broker.AcceptAsync();
        await client.WaitUntilConnectedAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("C0 00", Hex.Of((await session.ReadAsync()).Bytes));
        await session.SendAsync("D0 00");
        // The broker's packets are read in order: once the probe's PUBACK is in, so is the PINGRESP.
        var probe = client.PublishAsync("probe", "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
        Assert.Equal(MqttPacketType.Publish, (await session.ReadAsync()).Header.Type);
        await session.SendAsync("40 02 00 01");
        await probe.WaitAsync(TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("C0 00", Hex.Of((await session.ReadAsync()).Bytes));
        time.Advance(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));

        await session.ClosedByClientAsync();
        await Wait.UntilAsync(() => client.Status.LastError?.Contains("No PINGRESP", StringComparison.Ordinal) == true, "the client to report the silent broker");
    }

    [Fact]
    public async Task Disconnect_FinishesHandlingAcknowledgesThenSendsDisconnect()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = Start(async (_, _) =>
        {
            started.SetResult();
            await release.Task;
        });
        await using var session = await _broker.AcceptAsync();
        await session.SendAsync("32 06 00 01 61 00 03 31");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var disconnecting = client.DisconnectAsync();
        release.SetResult();

        Assert.Equal("40 02 00 03", Hex.Of((await session.ReadAsync()).Bytes));
        Assert.Equal("E0 00", Hex.Of((await session.ReadAsync()).Bytes));
        await session.ClosedByClientAsync();
        session.Close();
        await disconnecting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private MqttClient Start(MqttMessageHandler handler, string? subscribe = null, int maxPacketSize = 1024, TimeProvider? time = null)
    {
        var options = new MqttClientOptions
        {
            Port = _broker.Port,
            ClientId = "test-client",
            KeepAlive = TimeSpan.FromSeconds(10),
            ReconnectDelay = TimeSpan.Zero,
            MaxPacketSize = maxPacketSize,
        };
        if (subscribe is not null)
        {
            options.Subscriptions.Add(new MqttSubscription(subscribe, MqttQualityOfService.AtLeastOnce));
        }

        var client = new MqttClient(options, handler, time ?? TimeProvider.System, NullLogger<MqttClient>.Instance);
        _clients.Add(client);
        client.StartAsync();
        return client;
    }
}
