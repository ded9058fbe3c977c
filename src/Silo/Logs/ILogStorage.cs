// Depends on the BCL only: this file moves to src/Grains/Journals unchanged once the grains run on Orleans.
namespace Coordination.Grains.Journals;

/// <summary>Names an append-only log: a kind (e.g. <c>case-record</c>, <c>alerts</c>) and its owner's key.</summary>
/// <param name="Name">The kind of log; <see cref="ILogStorage.TrimOlderThanAsync"/> trims every log of one name.</param>
/// <param name="Key">The key of the log's owner (a case number, a user).</param>
public readonly record struct LogId(string Name, string Key)
{
    /// <summary><c>name/key</c>, as logs and messages name the log.</summary>
    public override string ToString() => $"{Name}/{Key}";
}

/// <summary>One stored entry of a log.</summary>
/// <param name="Sequence">Its position: 1 for the first entry; gaps are allowed, order is by sequence.</param>
/// <param name="WrittenAt">When the storage committed it, by the node's <see cref="TimeProvider"/> (millisecond precision).</param>
/// <param name="Data">The entry as the writer stored it (JSON).</param>
public sealed record LogEntry(long Sequence, DateTimeOffset WrittenAt, string Data);

/// <summary>
/// Append-only logs in the node's database, beside grain state: event journals (the hash-chained case record) and the
/// durable alert log. Every method is safe to call concurrently. Appends, trims and expiries go through the same group
/// commit as grain state writes, and each completes only once its transaction committed: an append that completed is
/// durable and visible to every reader.
/// </summary>
public interface ILogStorage
{
    /// <summary>
    /// Appends an entry at <paramref name="sequence"/>. Returns false, and stores nothing, if the log already holds that
    /// sequence or an entry with the same <paramref name="idempotencyKey"/>. Of concurrent appends at one sequence, one
    /// returns true.
    /// </summary>
    /// <param name="log">The log.</param>
    /// <param name="sequence">The entry's position, at least 1.</param>
    /// <param name="data">The entry (JSON).</param>
    /// <param name="idempotencyKey">A key unique within the log (null: none); an append repeating one stores nothing.</param>
    Task<bool> AppendAsync(LogId log, long sequence, string data, string? idempotencyKey = null);

    /// <summary>
    /// Appends an entry at the log's last sequence + 1 (1 when the log is empty), the sequence chosen inside the
    /// database's write, so that concurrent callers, of this node or of several, never collide and each gets a
    /// sequence of its own. Returns that sequence, or null, and stores nothing, if an entry with
    /// <paramref name="idempotencyKey"/> exists in the log.
    /// </summary>
    /// <param name="log">The log.</param>
    /// <param name="data">The entry (JSON).</param>
    /// <param name="idempotencyKey">A key unique within the log; an append repeating one stores nothing and returns null.</param>
    Task<long?> AppendNextAsync(LogId log, string data, string idempotencyKey);

    /// <summary>The entries after <paramref name="afterSequence"/>, in sequence order, at most <paramref name="maxCount"/> of them.</summary>
    /// <param name="log">The log.</param>
    /// <param name="afterSequence">The sequence to read after; 0 reads from the start.</param>
    /// <param name="maxCount">Most entries returned; at least 0.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence in the log; 0 when it is empty.</summary>
    /// <param name="log">The log.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default);

    /// <summary>
    /// The lowest sequence the log still holds; 0 when it is empty. A reader asked for entries after a sequence below
    /// this one minus 1 can tell its client that some were trimmed.
    /// </summary>
    /// <param name="log">The log.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long> ReadFirstSequenceAsync(LogId log, CancellationToken cancellationToken = default);

    /// <summary>Deletes the log's entries up to and including <paramref name="upToSequence"/>; returns how many went.</summary>
    /// <param name="log">The log.</param>
    /// <param name="upToSequence">The last sequence to delete.</param>
    Task<int> TrimAsync(LogId log, long upToSequence);

    /// <summary>Deletes the entries of every log named <paramref name="logName"/> written before <paramref name="before"/>; returns how many went.</summary>
    /// <param name="logName">The kind of log (<see cref="LogId.Name"/>).</param>
    /// <param name="before">Entries whose <see cref="LogEntry.WrittenAt"/> is earlier go.</param>
    Task<int> TrimOlderThanAsync(string logName, DateTimeOffset before);
}
