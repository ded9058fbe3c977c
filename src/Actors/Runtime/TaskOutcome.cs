namespace Coordination.Actors.Runtime;

internal static class TaskOutcome
{
    /// <summary>Copies a failed or cancelled task's outcome, keeping the exception as thrown.</summary>
    public static void PropagateTo<T>(this Task turn, TaskCompletionSource<T> target)
    {
        if (turn.IsCanceled)
        {
            target.TrySetCanceled();
        }
        else
        {
            target.TrySetException(turn.Exception!.InnerExceptions);
        }
    }

    /// <inheritdoc cref="PropagateTo{T}"/>
    public static void PropagateTo(this Task turn, TaskCompletionSource target)
    {
        if (turn.IsCanceled)
        {
            target.TrySetCanceled();
        }
        else
        {
            target.TrySetException(turn.Exception!.InnerExceptions);
        }
    }
}
