namespace Coordination.DeviceBridge.Mqtt.Packets;

/// <summary>CONNECT (section 3.1). No will message: devices' absence is detected by the device grains instead.</summary>
/// <param name="ClientId">Stable client identifier; with <paramref name="CleanSession"/> false the broker keeps the session under it.</param>
/// <param name="Username">User name, or null.</param>
/// <param name="Password">Password, or null (a password needs a user name).</param>
/// <param name="KeepAliveSeconds">Longest silence before the broker may drop the connection; 0 turns keep-alive off.</param>
/// <param name="CleanSession">False: the broker keeps subscriptions and queued QoS 1 messages while the client is away.</param>
public readonly record struct MqttConnectPacket(string ClientId, string? Username, string? Password, ushort KeepAliveSeconds, bool CleanSession);
