namespace Coordination.Actors.Runtime;

/// <summary>A request to a grain method with a response, carried through the target's mailbox.</summary>
internal abstract class GrainCall : WorkItem
{
    protected GrainCall(GrainMethod method) => Method = method;

    public GrainMethod Method { get; }

    /// <summary>Timestamp (of the runtime's TimeProvider) after which the caller gets a timeout.</summary>
    public long Deadline { get; set; }

    public TimeSpan Timeout { get; set; }

    public override string Describe() => Method.ToString();

    public override bool TryExpire(long now)
    {
        if (now < Deadline || IsFinished)
        {
            return false;
        }

        var grain = Target is null ? "" : $" on grain {Target.GrainId}";
        Fail(new GrainCallTimeoutException($"Call to {Method}{grain} did not complete within {Timeout.TotalSeconds:0.###} s."));
        return true;
    }
}

/// <summary>A call whose method returns <see cref="Task{TResult}"/>.</summary>
internal sealed class GrainCall<TGrain, TArgs, TResult>(GrainMethod method, TArgs args, Func<TGrain, TArgs, Task<TResult>> body)
    : GrainCall(method) where TGrain : class
{
    private readonly TaskCompletionSource<TResult> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Response => _response.Task;

    public override bool IsFinished => _response.Task.IsCompleted;

    public override Task Start(Activation activation) => body((TGrain)(object)activation.Instance!, args);

    // A method that throws before returning its task (not async) reaches here as a plain faulted Task.
    public override void Complete(Task turn)
    {
        if (turn is Task<TResult> result)
        {
            _response.SettleFrom(result);
        }
        else
        {
            _response.TrySetException(turn.Exception!.InnerExceptions);
        }
    }

    public override void Fail(Exception exception) => _response.TrySetException(exception);
}

/// <summary>A call whose method returns <see cref="Task"/>.</summary>
internal sealed class GrainCall<TGrain, TArgs>(GrainMethod method, TArgs args, Func<TGrain, TArgs, Task> body)
    : GrainCall(method) where TGrain : class
{
    private readonly TaskCompletionSource _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Response => _response.Task;

    public override bool IsFinished => _response.Task.IsCompleted;

    public override Task Start(Activation activation) => body((TGrain)(object)activation.Instance!, args);

    public override void Complete(Task turn) => _response.SettleFrom(turn);

    public override void Fail(Exception exception) => _response.TrySetException(exception);
}
