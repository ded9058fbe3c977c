namespace Coordination.Actors.Runtime;

internal static class TaskOutcome
{
    /// <summary>Settles a promise with a finished turn's outcome, keeping an exception as thrown.</summary>
    public static void SettleFrom<T>(this TaskCompletionSource<T> promise, Task<T> turn)
    {
        if (turn.IsCompletedSuccessfully)
        {
            promise.TrySetResult(turn.Result);
        }
        else if (turn.IsCanceled)
        {
            promise.TrySetCanceled();
        }
        else
        {
            promise.TrySetException(turn.Exception!.InnerExceptions);
        }
    }

    /// <inheritdoc cref="SettleFrom{T}"/>
    public static void SettleFrom(this TaskCompletionSource promise, Task turn)
    {
        if (turn.IsCompletedSuccessfully)
        {
            promise.TrySetResult();
        }
        else if (turn.IsCanceled)
        {
            promise.TrySetCanceled();
        }
        else
        {
            promise.TrySetException(turn.Exception!.InnerExceptions);
        }
    }
}
