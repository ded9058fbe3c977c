namespace Coordination.Silo.Storage;

/// <summary>
/// One write waiting for the next group commit. Its statement returns an outcome (a new ETag, 0 for an ETag
/// conflict) and must not throw on a conflict, so one write never aborts the others of its batch. The outcome
/// is delivered only after the batch's transaction committed.
/// </summary>
internal sealed class SqliteWrite(Func<SqliteWriteContext, long> statement)
{
    private readonly TaskCompletionSource<long> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long> Outcome => _outcome.Task;

    public long Execute(SqliteWriteContext context) => statement(context);

    public void Succeed(long outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
