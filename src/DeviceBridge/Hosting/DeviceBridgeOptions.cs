namespace Coordination.DeviceBridge.Hosting;

/// <summary>The device bridge's settings (configuration section <c>DeviceBridge</c>).</summary>
public sealed class DeviceBridgeOptions
{
    /// <summary>The settings' section.</summary>
    public const string SectionName = "DeviceBridge";

    /// <summary>Whether the node runs the bridge. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Broker host. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker port. Default 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// MQTT client id; the broker keeps this bridge's session under it, or with several <see cref="Slots"/> the session of
    /// slot n under <c>{ClientId}-{n}</c>. Also the key of the slots' lease. Default <c>coordination-bridge</c>.
    /// </summary>
    public string ClientId { get; set; } = "coordination-bridge";

    /// <summary>
    /// How many persistent MQTT sessions the cluster's bridges share (one per slot, client id <c>{ClientId}-{n}</c>),
    /// leased to the active nodes through one grain: a dead node's slots move to the survivors, who resume its sessions
    /// and with them what the broker kept for it. Must be the same on every node, at least 2 in a cluster, and best the
    /// number of nodes or more (a node holding no slot sends no commands to devices). 1: the node alone holds the one
    /// session under <see cref="ClientId"/>, with no lease (a single node). Default 1.
    /// </summary>
    public int Slots { get; set; } = 1;

    /// <summary>How often a node asks the lease which slots to hold (with several <see cref="Slots"/>). Default 1 s.</summary>
    public TimeSpan SlotLeaseInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>MQTT user name. Default <c>bridge</c> (the user deploy/mosquitto.sh creates).</summary>
    public string Username { get; set; } = "bridge";

    /// <summary>MQTT password; when empty it is read from <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>File holding the password (relative to the working directory). Default <c>data/mosquitto/credentials/bridge</c>.</summary>
    public string PasswordFile { get; set; } = "data/mosquitto/credentials/bridge";

    /// <summary>
    /// Shared-subscription group: bridges of the same group split the device messages between them
    /// (<c>$share/{group}/courts/+/devices/+/#</c>). Empty: a plain subscription. Default <c>bridges</c>.
    /// </summary>
    public string SharedGroup { get; set; } = "bridges";

    /// <summary>MQTT keep-alive: MQTTnet pings when nothing was sent for a while, and a missing answer drops the connection. Default 30 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the broker keeps the bridge's session (its subscription and the QoS 1 messages queued for it) while the
    /// node is away. Sent as the MQTT 5 session expiry interval. Default 1 day.
    /// </summary>
    public TimeSpan SessionExpiryInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Messages handled at once before their PUBACK; the rest wait in arrival order. Also sent as the MQTT 5 receive
    /// maximum, though mosquitto hands over a queued backlog beyond it. With several <see cref="Slots"/> it is split evenly
    /// between them, so that the cluster's bridges together hand the grains no more at once than one bridge alone (each
    /// slot with its own would queue calls on the device grains past Orleans' response timeout). Default 1,000 (as
    /// mosquitto's max_inflight_messages).
    /// </summary>
    public int MaxPendingDeliveries { get; set; } = 1000;

    /// <summary>
    /// The TCP socket's send and receive buffers, in bytes. The 8 KiB default of MQTTnet stalled a QoS 1 subscriber at about
    /// 1,000 messages per second on this machine; 64 KiB did not. Default 65,536.
    /// </summary>
    public int SocketBufferBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Longest wait for the broker: connecting, subscribing, a PUBACK for a dead letter or command (none in time ends the
    /// connection, which is then made again), an acknowledgement sent. Default 5 s.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping bridge waits for the effects it will not acknowledge (the broker delivers their messages again).</summary>
    public static readonly TimeSpan UnacknowledgedEffectsOnStop = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest a stopping bridge takes: the messages being handled finish and are acknowledged (up to twice
    /// <see cref="OperationTimeout"/>), the clean disconnect (once more), then the effects it will not acknowledge
    /// (<see cref="UnacknowledgedEffectsOnStop"/>). 30 s with the defaults. Slots drain at the same time.
    /// </summary>
    public TimeSpan LongestStop => 3 * OperationTimeout + UnacknowledgedEffectsOnStop;

    /// <summary>Wait before the first reconnect; it doubles per failed attempt up to <see cref="MaxReconnectDelay"/>, each with up to half taken off at random. Default 0.5 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between reconnect attempts; it keeps a restarted broker's outage short for the bridge. Default 3 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Largest payload accepted; larger ones are dead-lettered as oversize. Default 16 KiB.</summary>
    public int MaxPayloadBytes { get; set; } = 16 * 1024;

    /// <summary>How far a device's timestamp may be ahead of the node's clock. Default 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Largest dead letter (topic and JSON together); a longer original payload is cut short in it. Keep it below the
    /// broker's <c>max_packet_size</c> (65,536 in deploy/mosquitto). Default 32 KiB.
    /// </summary>
    public int MaxDeadLetterBytes { get; set; } = 32 * 1024;

    /// <summary>Prefix of the dead-letter topics: the original topic follows it. Default <c>deadletter/</c>.</summary>
    public string DeadLetterPrefix { get; set; } = "deadletter/";

    /// <summary>Messages one slot's connection handles at once: its share of <see cref="MaxPendingDeliveries"/>, at least 1.</summary>
    public int MaxPendingPerSlot => Math.Max(1, MaxPendingDeliveries / Slots);

    /// <summary>The MQTT client id of <paramref name="slot"/>: <see cref="ClientId"/> itself when there is one slot.</summary>
    public string ClientIdOf(int slot) => Slots == 1 ? ClientId : $"{ClientId}-{slot}";
}
