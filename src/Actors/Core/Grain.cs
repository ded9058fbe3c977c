using Coordination.Actors.Runtime;
using Coordination.Actors.Streams;
using Coordination.Actors.Timers;

namespace Coordination.Actors;

/// <summary>
/// Base class of grains. The runtime constructs a grain on its first call (through the generated
/// activator), reads its persistent state, then calls <see cref="OnActivateAsync"/>. Its methods run
/// one at a time, in arrival order, each call to completion including its awaits.
/// </summary>
public abstract class Grain
{
    private readonly Activation _activation;

    /// <summary>Grains are constructed by the runtime only.</summary>
    protected Grain()
    {
        _activation = Activation.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: get a reference with IGrainFactory.GetGrain<T>(key) instead of constructing it.");
    }

    internal Activation Activation => _activation;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>The key this grain was addressed with.</summary>
    public string GetPrimaryKeyString() => _activation.GrainId.Key;

    /// <summary>Reaches other grains; calls made through it join this grain's call chain.</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime;

    /// <summary>The node's clock. Use it, never the system clock, so tests can move time.</summary>
    protected TimeProvider TimeProvider => _activation.Runtime.TimeProvider;

    /// <summary>Called after construction and state read, before the first call. An exception fails the calls that were waiting.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once before the activation is dropped (idle, requested, or node shutdown). Exceptions are logged.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this grain after the calls already queued for it.</summary>
    protected void DeactivateOnIdle() => _ = _activation.RequestDeactivation(DeactivationReason.Requested);

    /// <summary>Starts a timer whose ticks run as turns of this grain. See <see cref="IGrainTimer"/>.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period) =>
        new GrainTimer<TState>(_activation, callback, state, dueTime, period);

    /// <summary>Registers or replaces a durable reminder due after <paramref name="dueTime"/>. The grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string name, TimeSpan dueTime, TimeSpan? period = null) =>
        RegisterOrUpdateReminder(name, TimeProvider.GetUtcNow() + dueTime, period);

    /// <summary>Registers or replaces a durable reminder due at <paramref name="dueAt"/>. The grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string name, DateTimeOffset dueAt, TimeSpan? period = null)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} registers reminders, so it must implement IRemindable.");
        }

        return _activation.Runtime.Reminders.RegisterOrUpdateAsync(GrainId, name, dueAt, period);
    }

    /// <summary>Removes a reminder; nothing happens if there is none by that name.</summary>
    protected Task UnregisterReminder(string name) => _activation.Runtime.Reminders.UnregisterAsync(GrainId, name);

    /// <summary>The reminder registered under <paramref name="name"/>, or null.</summary>
    protected IGrainReminder? GetReminder(string name) => _activation.Runtime.Reminders.Get(GrainId, name);

    /// <summary>All reminders of this grain.</summary>
    protected IReadOnlyList<IGrainReminder> GetReminders() => _activation.Runtime.Reminders.GetAll(GrainId);

    /// <summary>A stream provider by name; subscriptions made through it run as turns of this grain.</summary>
    protected IStreamProvider GetStreamProvider(string name = StreamProviderNames.Default) => _activation.Runtime.GetStreamProvider(name);
}
