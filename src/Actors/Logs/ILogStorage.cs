namespace Coordination.Actors.Logs;

/// <summary>
/// Append-only logs in the node's database, beside grain state: event journals, case records and
/// durable streams. All methods are safe to call concurrently; appends are acknowledged only once durable
/// and go through the same group commit as state writes.
/// </summary>
public interface ILogStorage
{
    /// <summary>
    /// Appends an entry at <paramref name="sequence"/>. Returns false, and stores nothing, if the log already
    /// holds that sequence number or an entry with the same <paramref name="idempotencyKey"/>.
    /// </summary>
    Task<bool> AppendAsync(LogId log, long sequence, string data, string? idempotencyKey = null);

    /// <summary>Entries after <paramref name="afterSequence"/>, in order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number in the log; 0 when it is empty.</summary>
    Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries up to and including <paramref name="upToSequence"/>. Returns how many went.</summary>
    Task<int> TrimAsync(LogId log, long upToSequence);

    /// <summary>Deletes entries of every log named <paramref name="logName"/> written before <paramref name="before"/>. Returns how many went.</summary>
    Task<int> TrimOlderThanAsync(string logName, DateTimeOffset before);
}
