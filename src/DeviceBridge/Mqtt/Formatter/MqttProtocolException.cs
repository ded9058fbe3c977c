namespace Coordination.DeviceBridge.Mqtt.Formatter;

/// <summary>The peer sent bytes that are not valid MQTT 3.1.1 (or not valid in this direction); the connection is closed.</summary>
public sealed class MqttProtocolException(string message) : Exception(message);
