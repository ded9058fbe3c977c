using Coordination.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Timers;

internal sealed class GrainTimer<TState> : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private int _tickQueued;

    public GrainTimer(Activation activation, Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        activation.Own(this);
        using (ExecutionContext.SuppressFlow())
        {
            // A tick is a turn of its own, not part of the call that created the timer.
            _timer = activation.Runtime.TimeProvider.CreateTimer(static self => ((GrainTimer<TState>)self!).OnTick(), this, dueTime, period);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period) => _timer.Change(dueTime, period);

    private void OnTick()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _tickQueued, 1) == 1)
        {
            return;
        }

        if (!_activation.TryEnqueue(new Tick(this)))
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.Release(this);
    }

    private sealed class Tick(GrainTimer<TState> timer) : WorkItem
    {
        private bool _finished;

        public override bool IsFinished => _finished;

        public override string Describe() => "timer tick";

        public override Task Start(Activation activation) =>
            timer._disposed.IsCancellationRequested ? Task.CompletedTask : timer._callback(timer._state, timer._disposed.Token);

        public override void Complete(Task turn)
        {
            _finished = true;
            Volatile.Write(ref timer._tickQueued, 0);
            if (turn.IsFaulted)
            {
                timer._activation.Runtime.Log.LogError(turn.Exception.InnerException, "Timer callback of {GrainId} failed", timer._activation.GrainId);
            }
        }

        public override void Fail(Exception exception)
        {
            _finished = true;
            Volatile.Write(ref timer._tickQueued, 0);
        }
    }
}
