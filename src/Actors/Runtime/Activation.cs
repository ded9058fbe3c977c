namespace Coordination.Actors.Runtime;

/// <summary>
/// One live grain: its instance and a mailbox of turns. Exactly one turn runs at a time, in arrival
/// order; a turn that awaits keeps the activation busy until its task completes (no reentrancy).
/// The mailbox is drained on the thread pool, up to <see cref="TurnsPerDispatch"/> turns per dispatch.
/// </summary>
internal sealed partial class Activation : IThreadPoolWorkItem
{
    private const int TurnsPerDispatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _mailbox = new();
    private readonly Action _onAsyncTurnCompleted;
    private bool _scheduled;
    private WorkItem? _current;
    private Task? _pendingTurn;

    public Activation(GrainId grainId, GrainClassInfo classInfo, GrainRuntime runtime)
    {
        GrainId = grainId;
        ClassInfo = classInfo;
        Runtime = runtime;
        _onAsyncTurnCompleted = OnAsyncTurnCompleted;
        LastActiveTimestamp = runtime.TimeProvider.GetTimestamp();
        _mailbox.Enqueue(new ActivateWork { Target = this });
    }

    public GrainId GrainId { get; }

    public GrainClassInfo ClassInfo { get; }

    public GrainRuntime Runtime { get; }

    public Grain? Instance { get; private set; }

    public ActivationStatus Status { get; private set; } = ActivationStatus.Activating;

    public long LastActiveTimestamp { get; private set; }

    /// <summary>True while no turn runs or waits.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _current is null && _mailbox.Count == 0;
            }
        }
    }

    /// <summary>
    /// Adds an item to the mailbox. Returns false if the activation is gone, in which case the caller
    /// looks the grain up again. Fails the item with <see cref="CallCycleException"/> if its chain waits on this activation.
    /// </summary>
    public bool TryEnqueue(WorkItem item)
    {
        if (FindCycle(item) is { } cycle)
        {
            item.Fail(cycle);
            return true;
        }

        lock (_lock)
        {
            if (Status == ActivationStatus.Deactivated)
            {
                return false;
            }

            item.Target = this;
            _mailbox.Enqueue(item);
            if (_scheduled)
            {
                return true;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        return true;
    }

    public void Execute()
    {
        for (var budget = TurnsPerDispatch; budget > 0; budget--)
        {
            WorkItem item;
            lock (_lock)
            {
                if (!_mailbox.TryDequeue(out item!))
                {
                    _scheduled = false;
                    return;
                }

                _current = item;
            }

            if (item.IsFinished)
            {
                _current = null;
                continue; // timed out while it waited
            }

            var turn = StartTurn(item);
            if (!turn.IsCompleted)
            {
                _pendingTurn = turn;
                turn.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onAsyncTurnCompleted);
                return;
            }

            EndTurn(item, turn);
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private static Task StartTurn(WorkItem item)
    {
        RuntimeContext.Current = item;
        try
        {
            return item.Start(item.Target!);
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    private void OnAsyncTurnCompleted()
    {
        var item = _current!;
        var turn = _pendingTurn!;
        _pendingTurn = null;
        EndTurn(item, turn);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    // The activation counts as idle from here, before the caller hears back.
    private void EndTurn(WorkItem item, Task turn)
    {
        LastActiveTimestamp = Runtime.TimeProvider.GetTimestamp();
        Volatile.Write(ref _current, null);
        item.Complete(turn);
    }

    /// <summary>Fails queued and running calls whose deadline has passed.</summary>
    public void ExpireCalls(long now)
    {
        lock (_lock)
        {
            _current?.TryExpire(now);
            foreach (var item in _mailbox)
            {
                item.TryExpire(now);
            }
        }
    }

    private CallCycleException? FindCycle(WorkItem item)
    {
        for (var waiting = item.Parent; waiting is not null; waiting = waiting.Parent)
        {
            if (ReferenceEquals(waiting.Target, this) && !waiting.IsFinished)
            {
                return new CallCycleException(
                    $"Call cycle: {DescribeChain(item)}. Grain {GrainId} is waiting for this call and handles one call at a time, so the call would never complete.");
            }
        }

        return null;
    }

    private string DescribeChain(WorkItem item)
    {
        var steps = new List<string> { $"{GrainId} ({item.Describe()})" };
        for (var waiting = item.Parent; waiting is not null; waiting = waiting.Parent)
        {
            steps.Add($"{waiting.Target?.GrainId} ({waiting.Describe()})");
            if (ReferenceEquals(waiting.Target, this))
            {
                break;
            }
        }

        steps.Reverse();
        return string.Join(" -> ", steps);
    }

    /// <summary>Marks the activation gone and returns what was still queued, for the runtime to send on.</summary>
    private List<WorkItem> Close()
    {
        lock (_lock)
        {
            Status = ActivationStatus.Deactivated;
            var leftovers = new List<WorkItem>(_mailbox);
            _mailbox.Clear();
            return leftovers;
        }
    }

    public override string ToString() => $"Activation {GrainId} ({Status})";
}
