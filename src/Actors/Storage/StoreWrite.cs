using Coordination.Actors.Logs;
using Coordination.Actors.Reminders;

namespace Coordination.Actors.Storage;

/// <summary>
/// One write waiting for the next group commit. Each is a single statement that never raises a
/// constraint error (so one write cannot abort the batch); its outcome is the number of rows it changed.
/// </summary>
internal abstract class StoreWrite
{
    private readonly TaskCompletionSource<int> _rowsAffected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> RowsAffected => _rowsAffected.Task;

    public void Succeed(int rows) => _rowsAffected.TrySetResult(rows);

    public void Fail(Exception exception) => _rowsAffected.TrySetException(exception);
}

/// <summary>Inserts (no expected version) or updates (expected version matches) a state; null JSON clears it.</summary>
internal sealed class StateWrite(GrainStateKey key, string? json, long? expectedVersion) : StoreWrite
{
    public GrainStateKey Key { get; } = key;

    public string? Json { get; } = json;

    public long? ExpectedVersion { get; } = expectedVersion;

    public long NewVersion => (ExpectedVersion ?? 0) + 1;
}

internal sealed class ReminderUpsert(ReminderEntry entry) : StoreWrite
{
    public ReminderEntry Entry { get; } = entry;
}

/// <summary>Deletes a reminder; with a generation, only if it was not registered again since.</summary>
internal sealed class ReminderDelete(GrainId grainId, string name, long? generation) : StoreWrite
{
    public GrainId GrainId { get; } = grainId;

    public string Name { get; } = name;

    public long? Generation { get; } = generation;
}

/// <summary>Moves a periodic reminder to its next due time, if it was not registered again since.</summary>
internal sealed class ReminderReschedule(GrainId grainId, string name, long generation, long dueAtMs) : StoreWrite
{
    public GrainId GrainId { get; } = grainId;

    public string Name { get; } = name;

    public long Generation { get; } = generation;

    public long DueAtMs { get; } = dueAtMs;
}

/// <summary>Appends a log entry unless its sequence number or idempotency key is already there.</summary>
internal sealed class LogAppend(LogId log, long sequence, string data, string? idempotencyKey) : StoreWrite
{
    public LogId Log { get; } = log;

    public long Sequence { get; } = sequence;

    public string Data { get; } = data;

    public string? IdempotencyKey { get; } = idempotencyKey;
}

/// <summary>Deletes one log's entries up to a sequence number.</summary>
internal sealed class LogTrim(LogId log, long upToSequence) : StoreWrite
{
    public LogId Log { get; } = log;

    public long UpToSequence { get; } = upToSequence;
}

/// <summary>Deletes old entries of every log with a name.</summary>
internal sealed class LogExpire(string logName, long beforeMs) : StoreWrite
{
    public string LogName { get; } = logName;

    public long BeforeMs { get; } = beforeMs;
}
