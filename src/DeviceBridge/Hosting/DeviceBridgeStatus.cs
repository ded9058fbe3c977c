using Coordination.DeviceBridge.Slots;

namespace Coordination.DeviceBridge.Hosting;

/// <summary>The bridge now: its broker connection and what it did with the messages so far (since the node started).</summary>
/// <param name="Enabled">Whether the node runs the bridge.</param>
/// <param name="Connected">Whether the connection of at least one slot this node holds is up.</param>
/// <param name="ConnectedSince">When the current connection was made (UTC); null while disconnected.</param>
/// <param name="Broker">host:port.</param>
/// <param name="ClientId">The MQTT client id the broker keeps the session under (with several slots, slot n's is <c>{ClientId}-{n}</c>).</param>
/// <param name="Subscription">The topic filter subscribed to (shared when <c>DeviceBridge:SharedGroup</c> is set).</param>
/// <param name="LastError">Why the last connection or attempt of a held slot ended, if one did.</param>
/// <param name="LastErrorAt">When (UTC).</param>
/// <param name="Reconnects">Connections made after the first one.</param>
/// <param name="Received">Messages received.</param>
/// <param name="Acknowledged">PUBACKs sent (each after the message's effect was stored or its dead letter was out).</param>
/// <param name="Accepted">Applied by device grains.</param>
/// <param name="Duplicates">Recognised as repeats.</param>
/// <param name="DeadLetters">Dead-lettered, per reason.</param>
/// <param name="UnpublishedDeadLetters">Dead letters the broker did not take in time (their messages were acknowledged anyway).</param>
/// <param name="CommandsPublished">Commands to devices the broker acknowledged.</param>
/// <param name="SlotCount">The slots the cluster's bridges share (<c>DeviceBridge:Slots</c>).</param>
/// <param name="Slots">The slots this node holds now, each with its connection.</param>
public sealed record DeviceBridgeStatus(
    bool Enabled, bool Connected, DateTimeOffset? ConnectedSince, string Broker, string ClientId, string Subscription, string? LastError, DateTimeOffset? LastErrorAt,
    long Reconnects, long Received, long Acknowledged, long Accepted, long Duplicates, IReadOnlyDictionary<string, long> DeadLetters, long UnpublishedDeadLetters,
    long CommandsPublished, int SlotCount, IReadOnlyList<BridgeSlotStatus> Slots);
