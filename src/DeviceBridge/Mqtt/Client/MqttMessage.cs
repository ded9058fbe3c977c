using System.Text;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Client;

/// <summary>
/// A received application message. <see cref="Topic"/> and <see cref="Payload"/> live in a pooled buffer that is
/// returned when the handler's task completes: copy what must outlive the handler.
/// </summary>
/// <param name="Topic">The topic name, UTF-8.</param>
/// <param name="Payload">The payload.</param>
/// <param name="QualityOfService">QoS it was delivered with.</param>
/// <param name="Duplicate">The broker may have delivered it before (DUP flag).</param>
/// <param name="Retain">It was a retained message.</param>
public readonly record struct MqttMessage(ReadOnlyMemory<byte> Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService QualityOfService, bool Duplicate, bool Retain)
{
    /// <summary>The topic as a string (allocates).</summary>
    public string TopicName => Encoding.UTF8.GetString(Topic.Span);
}

/// <summary>
/// Handles one received message. At QoS 1 the PUBACK is sent only after the returned task completes successfully; if it
/// fails, the connection is dropped without acknowledging, so the broker delivers the message again after the reconnect.
/// Several handlers run at once (up to <see cref="MqttClientOptions.MaxPendingDeliveries"/>); PUBACKs still go out in arrival order.
/// </summary>
public delegate ValueTask MqttMessageHandler(MqttMessage message, CancellationToken cancellationToken);
