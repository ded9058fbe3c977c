namespace Coordination.Actors.Logs;

/// <summary>One stored entry of a log.</summary>
/// <param name="Sequence">Its position: 1 for the first entry; gaps are allowed, order is by sequence.</param>
/// <param name="WrittenAt">When the store committed it (by the node's clock).</param>
/// <param name="Data">The entry as the writer stored it (JSON).</param>
public sealed record LogEntry(long Sequence, DateTimeOffset WrittenAt, string Data);
