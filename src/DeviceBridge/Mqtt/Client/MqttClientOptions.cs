using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Client;

/// <summary>How an <see cref="MqttClient"/> connects and behaves. Every property has a working default except <see cref="ClientId"/>.</summary>
public sealed class MqttClientOptions
{
    /// <summary>Broker host. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker port. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Client identifier; keep it stable so the broker resumes the session (required).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>User name, or null for none. Default null.</summary>
    public string? Username { get; set; }

    /// <summary>Password, or null for none. Default null.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Keep-alive period sent in CONNECT. The client sends PINGREQ when it has sent nothing for half of it and drops
    /// the connection (then reconnects) when no PINGRESP arrives within it. Default 30 s; zero turns it off.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>False (default): the broker keeps subscriptions and queues QoS 1 messages while the client is away.</summary>
    public bool CleanSession { get; set; }

    /// <summary>How long a TCP connect plus CONNACK may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first reconnect; it doubles per failed attempt up to <see cref="MaxReconnectDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnect attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest packet accepted from the broker, in bytes after the fixed header; a larger one is a protocol error that
    /// closes the connection. Keep it above the broker's <c>message_size_limit</c>. Default 1 MiB.
    /// </summary>
    public int MaxPacketSize { get; set; } = 1024 * 1024;

    /// <summary>Received messages being handled at once; reading pauses while this many await their PUBACK. Default 1,024.</summary>
    public int MaxPendingDeliveries { get; set; } = 1024;

    /// <summary>QoS 1 messages this client may have published and not yet had acknowledged; further publishes wait. Default 1,024.</summary>
    public int MaxInflightPublishes { get; set; } = 1024;

    /// <summary>Filters subscribed after every connect (also when the broker kept the session). Default none.</summary>
    public IList<MqttSubscription> Subscriptions { get; } = [];
}
