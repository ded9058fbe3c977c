namespace Coordination.DeviceBridge.Mqtt.Client;

/// <summary>Where the client stands, for health checks and the bridge's status.</summary>
/// <param name="Connected">A session is up.</param>
/// <param name="Connects">Successful connects so far.</param>
/// <param name="LastError">Why the last connection or attempt ended, if it failed.</param>
/// <param name="Received">Messages handed to the handler.</param>
/// <param name="Acknowledged">PUBACKs sent.</param>
/// <param name="Published">Messages published (QoS 1: acknowledged by the broker).</param>
/// <param name="ProtocolErrors">Connections closed because the broker sent something malformed.</param>
public sealed record MqttClientStatus(bool Connected, long Connects, string? LastError, long Received, long Acknowledged, long Published, long ProtocolErrors);
