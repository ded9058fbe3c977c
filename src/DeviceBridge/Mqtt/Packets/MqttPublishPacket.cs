using System.Buffers;

namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>
/// A decoded PUBLISH (section 3.3) as slices of the receive buffer: valid only until the reader advances,
/// so nothing is copied or allocated while decoding.
/// </summary>
/// <param name="QualityOfService">QoS 0 or 1 (2 is refused as unsupported).</param>
/// <param name="Duplicate">The DUP flag: an earlier attempt may have been delivered.</param>
/// <param name="Retain">The RETAIN flag.</param>
/// <param name="PacketId">The packet identifier; 0 at QoS 0.</param>
/// <param name="Topic">The topic name, UTF-8.</param>
/// <param name="Payload">The application message.</param>
public readonly record struct MqttPublishPacket(
    MqttQualityOfService QualityOfService, bool Duplicate, bool Retain, ushort PacketId, ReadOnlySequence<byte> Topic, ReadOnlySequence<byte> Payload);
