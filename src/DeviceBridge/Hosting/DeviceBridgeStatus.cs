namespace Coordination.DeviceBridge.Hosting;

/// <summary>The bridge now: its broker connection and what it did with the messages so far (since the node started).</summary>
/// <param name="Enabled">Whether the node runs the bridge.</param>
/// <param name="Connected">Whether its MQTT session is up.</param>
/// <param name="Broker">host:port.</param>
/// <param name="LastError">Why the last connection or attempt failed.</param>
/// <param name="Received">Messages received.</param>
/// <param name="Accepted">Applied by device grains.</param>
/// <param name="Duplicates">Recognised as repeats.</param>
/// <param name="DeadLetters">Dead-lettered, per reason.</param>
public sealed record DeviceBridgeStatus(bool Enabled, bool Connected, string Broker, string? LastError, long Received, long Accepted, long Duplicates, IReadOnlyDictionary<string, long> DeadLetters);
