namespace Coordination.Grains.Journals;

/// <summary>Names an append-only log: a kind (e.g. <c>case</c>, <c>court-alerts</c>) and its owner's key.</summary>
/// <param name="Name">The kind of log.</param>
/// <param name="Key">Its owner's key.</param>
public readonly record struct LogId(string Name, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name}/{Key}";
}

/// <summary>One stored entry of a log.</summary>
/// <param name="Sequence">Its position: 1 for the first entry; gaps are allowed, order is by sequence.</param>
/// <param name="WrittenAt">When the store committed it (by the node's clock).</param>
/// <param name="Data">The entry as the writer stored it (JSON).</param>
public sealed record LogEntry(long Sequence, DateTimeOffset WrittenAt, string Data);

/// <summary>
/// Append-only logs in the node's database, beside grain state: event journals (the case record) and the alert log.
/// Appends are acknowledged only once durable. All members are safe to call concurrently.
/// </summary>
public interface ILogStorage
{
    /// <summary>Appends at <paramref name="sequence"/>. False, and nothing stored, if the log holds that sequence or an entry with the same <paramref name="idempotencyKey"/>.</summary>
    Task<bool> AppendAsync(LogId log, long sequence, string data, string? idempotencyKey = null);

    /// <summary>
    /// Appends at the log's last sequence + 1, chosen inside the database's write so concurrent callers never collide.
    /// Returns the sequence, or null (nothing stored) if the log holds an entry with <paramref name="idempotencyKey"/>.
    /// </summary>
    Task<long?> AppendNextAsync(LogId log, string data, string idempotencyKey);

    /// <summary>Entries after <paramref name="afterSequence"/>, in order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAsync(LogId log, long afterSequence, int maxCount = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence; 0 when the log is empty.</summary>
    Task<long> ReadLastSequenceAsync(LogId log, CancellationToken cancellationToken = default);

    /// <summary>The lowest sequence still retained; 0 when the log is empty.</summary>
    Task<long> ReadFirstSequenceAsync(LogId log, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries up to and including <paramref name="upToSequence"/>; returns how many went.</summary>
    Task<int> TrimAsync(LogId log, long upToSequence);

    /// <summary>
    /// Deletes entries of every log named <paramref name="logName"/> written before <paramref name="before"/>, except each
    /// log's last entry, so that <see cref="AppendNextAsync"/> never hands out a sequence again; returns how many went.
    /// </summary>
    Task<int> TrimOlderThanAsync(string logName, DateTimeOffset before);
}
