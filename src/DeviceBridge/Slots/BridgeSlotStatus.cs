namespace Coordination.DeviceBridge.Slots;

/// <summary>A bridge slot this node holds: its MQTT session and connection now.</summary>
/// <param name="Slot">The slot's number (0 to <c>DeviceBridge:Slots</c> - 1).</param>
/// <param name="ClientId">The MQTT client id the broker keeps the slot's session under.</param>
/// <param name="Connected">Whether its connection is up.</param>
/// <param name="ConnectedSince">When the current connection was made (UTC); null while disconnected.</param>
/// <param name="LastError">Why its last connection or attempt ended, if one did.</param>
/// <param name="LastErrorAt">When (UTC).</param>
/// <param name="Reconnects">Connections made after the first one since this node took the slot.</param>
/// <param name="Received">Messages received since this node took the slot.</param>
/// <param name="Acknowledged">PUBACKs sent for them.</param>
public sealed record BridgeSlotStatus(
    int Slot, string ClientId, bool Connected, DateTimeOffset? ConnectedSince, string? LastError, DateTimeOffset? LastErrorAt, long Reconnects, long Received, long Acknowledged);
