namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>One topic filter of a SUBSCRIBE (section 3.8.3), e.g. <c>courts/+/devices/#</c> or the shared form <c>$share/bridges/courts/#</c>.</summary>
/// <param name="TopicFilter">The filter.</param>
/// <param name="MaximumQualityOfService">The highest QoS the client accepts on it.</param>
public sealed record MqttSubscription(string TopicFilter, MqttQualityOfService MaximumQualityOfService);
