using System.Collections.Concurrent;
using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Client;

public sealed partial class MqttClient
{
    private readonly SemaphoreSlim _inflightSlots;
    private readonly ConcurrentDictionary<ushort, OutboundPublish> _inflight = new();
    private int _nextPacketId;
    private long _publishOrder;

    /// <summary>
    /// Publishes a message; waits for a session if there is none. QoS 0 completes once written. QoS 1 completes when the
    /// broker's PUBACK arrives; until then the message is resent (DUP set) after every reconnect. The payload must stay
    /// unchanged until the task completes. Cancelling stops the wait and the retransmissions, not a send already made.
    /// </summary>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain = false, CancellationToken cancellationToken = default)
    {
        MqttPacketWriter.ValidateTopicName(topic);
        if (qos == MqttQualityOfService.AtMostOnce)
        {
            var connection = await CurrentConnectionAsync(cancellationToken);
            await connection.SendAsync(
                static (writer, state) => MqttPacketWriter.WritePublish(writer, state.topic, state.payload.Span, MqttQualityOfService.AtMostOnce, state.retain, duplicate: false, 0),
                (topic, payload, retain));
            Interlocked.Increment(ref _published);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual((int)qos, (int)MqttQualityOfService.AtLeastOnce, nameof(qos));
        await _inflightSlots.WaitAsync(cancellationToken);
        var publish = new OutboundPublish(topic, payload, retain, NextPacketId(), Interlocked.Increment(ref _publishOrder));
        _inflight[publish.PacketId] = publish;
        try
        {
            while (!publish.Acknowledged.Task.IsCompleted)
            {
                var connection = await CurrentConnectionAsync(cancellationToken);
                try
                {
                    await SendAsync(connection, publish);
                    await publish.Acknowledged.Task.WaitAsync(cancellationToken);
                }
                catch (IOException)
                {
                    // The connection broke: the next one resends it.
                    await connection.Completion.ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(cancellationToken);
                }
            }

            Interlocked.Increment(ref _published);
        }
        finally
        {
            _inflight.TryRemove(publish.PacketId, out _);
            _inflightSlots.Release();
        }
    }

    private void OnPubAck(ushort packetId)
    {
        if (_inflight.TryGetValue(packetId, out var publish))
        {
            publish.Acknowledged.TrySetResult();
        }
    }

    /// <summary>Resends every unacknowledged publish, oldest first, on a new session.</summary>
    private async Task RetransmitAsync(Connection connection)
    {
        foreach (var publish in _inflight.Values.OrderBy(p => p.Order))
        {
            await SendAsync(connection, publish);
        }
    }

    /// <summary>Sends a publish once per connection; DUP is set on every attempt after the first.</summary>
    private static Task SendAsync(Connection connection, OutboundPublish publish) => connection.SendAsync(static (writer, state) =>
    {
        var (connection, publish) = state;
        if (publish.SentOn == connection || publish.Acknowledged.Task.IsCompleted)
        {
            return;
        }

        var duplicate = publish.SentOn is not null;
        publish.SentOn = connection;
        MqttPacketWriter.WritePublish(writer, publish.Topic, publish.Payload.Span, MqttQualityOfService.AtLeastOnce, publish.Retain, duplicate, publish.PacketId);
    }, (connection, publish));

    private ushort NextPacketId()
    {
        while (true)
        {
            var id = (ushort)Interlocked.Increment(ref _nextPacketId);
            if (id != 0 && !_inflight.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private sealed class OutboundPublish(string topic, ReadOnlyMemory<byte> payload, bool retain, ushort packetId, long order)
    {
        public string Topic { get; } = topic;

        public ReadOnlyMemory<byte> Payload { get; } = payload;

        public bool Retain { get; } = retain;

        public ushort PacketId { get; } = packetId;

        public long Order { get; } = order;

        /// <summary>The connection it was last written to; only read and written under that connection's write lock.</summary>
        public Connection? SentOn { get; set; }

        public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
