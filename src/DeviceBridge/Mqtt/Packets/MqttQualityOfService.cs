namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>Delivery guarantee of a message (section 4.3).</summary>
public enum MqttQualityOfService : byte
{
    /// <summary>QoS 0: delivered at most once, never acknowledged.</summary>
    AtMostOnce = 0,

    /// <summary>QoS 1: delivered at least once; the receiver acknowledges with PUBACK.</summary>
    AtLeastOnce = 1,

    /// <summary>QoS 2: not used by this client (the broker downgrades subscriptions to the granted QoS).</summary>
    ExactlyOnce = 2,
}
