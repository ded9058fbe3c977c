namespace Coordination.Actors.Runtime;

/// <summary>
/// One turn for an activation: a call, a timer tick, a stream delivery, activation or deactivation.
/// Work items form the call chain (<see cref="Parent"/>) used to detect cycles.
/// </summary>
internal abstract class WorkItem
{
    /// <summary>The turn that was running when this item was created, or null outside grains.</summary>
    public WorkItem? Parent { get; set; }

    /// <summary>The activation the item runs on, set when it is accepted by a mailbox.</summary>
    public Activation? Target { get; set; }

    /// <summary>True once the item's outcome is settled (completed, failed or timed out).</summary>
    public abstract bool IsFinished { get; }

    /// <summary>A short name for errors: the grain method, or the kind of turn.</summary>
    public abstract string Describe();

    /// <summary>Starts the turn. Runs inside the activation's turn; the returned task is the turn.</summary>
    public abstract Task Start(Activation activation);

    /// <summary>Settles the item with the outcome of its turn.</summary>
    public abstract void Complete(Task turn);

    /// <summary>Settles the item without running it.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Fails the item if its deadline has passed; returns true if it did.</summary>
    public virtual bool TryExpire(long now) => false;
}
