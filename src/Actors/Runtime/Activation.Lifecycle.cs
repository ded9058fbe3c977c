using Coordination.Actors.Storage;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Runtime;

internal sealed partial class Activation : IGrainActivationContext
{
    [ThreadStatic]
    private static Activation? t_constructing;

    private readonly List<IPersistentStateLoader> _states = [];
    private readonly List<IDisposable> _ownedResources = [];

    /// <summary>The activation whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    internal static Activation? Constructing => t_constructing;

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new()
    {
        var state = new PersistentState<TState>(Runtime.Storage.Get(storageName), new GrainStateKey(GrainId.Type, GrainId.Key, stateName), Runtime.JsonOptions);
        _states.Add(state);
        return state;
    }

    /// <summary>Adds something to read from storage before <see cref="Grain.OnActivateAsync"/>, in the order added.</summary>
    public void AddStateLoader(IPersistentStateLoader loader) => _states.Add(loader);

    /// <summary>Ties a timer or subscription to this activation: it is disposed on deactivation.</summary>
    public void Own(IDisposable resource)
    {
        lock (_ownedResources)
        {
            _ownedResources.Add(resource);
        }
    }

    public void Release(IDisposable resource)
    {
        lock (_ownedResources)
        {
            _ownedResources.Remove(resource);
        }
    }

    /// <summary>Asks the activation to deactivate after the turns already queued.</summary>
    public Task RequestDeactivation(DeactivationReason reason)
    {
        var work = new DeactivateWork(reason);
        return TryEnqueue(work) ? work.Done : Task.CompletedTask;
    }

    private async Task ActivateAsync()
    {
        t_constructing = this;
        try
        {
            Instance = ClassInfo.Create(Runtime.Services, this);
        }
        finally
        {
            t_constructing = null;
        }

        foreach (var state in _states)
        {
            await state.ReadStateAsync();
        }

        await Instance.OnActivateAsync(Runtime.StoppingToken);
        Status = ActivationStatus.Active;
    }

    private void OnActivationFailed(Exception exception)
    {
        Runtime.Log.LogWarning(exception, "Activation of {GrainId} failed", GrainId);
        Runtime.Catalog.Remove(this);
        foreach (var item in Close())
        {
            item.Fail(exception);
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        Status = ActivationStatus.Deactivating;
        IDisposable[] owned;
        lock (_ownedResources)
        {
            owned = [.. _ownedResources];
            _ownedResources.Clear();
        }

        foreach (var resource in owned)
        {
            resource.Dispose();
        }

        try
        {
            await Instance!.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Runtime.Log.LogError(exception, "OnDeactivateAsync of {GrainId} failed", GrainId);
        }
    }

    private void OnDeactivated()
    {
        Runtime.Catalog.Remove(this);
        foreach (var item in Close())
        {
            if (item is GrainCall call)
            {
                Runtime.Resend(call);
            }
            else
            {
                item.Fail(new InvalidOperationException($"Activation {GrainId} was deactivated."));
            }
        }
    }

    private bool IsStillIdleFor(TimeSpan age) =>
        Runtime.TimeProvider.GetElapsedTime(LastActiveTimestamp) >= age;

    private sealed class ActivateWork : WorkItem
    {
        private bool _finished;

        public override bool IsFinished => _finished;

        public override string Describe() => "activation";

        public override Task Start(Activation activation) => activation.ActivateAsync();

        public override void Complete(Task turn)
        {
            _finished = true;
            if (!turn.IsCompletedSuccessfully)
            {
                var exception = turn.Exception?.InnerException ?? new TaskCanceledException($"Activation of {Target!.GrainId} was cancelled.");
                Target!.OnActivationFailed(exception);
            }
        }

        public override void Fail(Exception exception) => _finished = true;
    }

    private sealed class DeactivateWork(DeactivationReason reason) : WorkItem
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _skipped;

        public Task Done => _done.Task;

        public override bool IsFinished => _done.Task.IsCompleted;

        public override string Describe() => $"deactivation ({reason})";

        public override Task Start(Activation activation)
        {
            var collectionAge = activation.Runtime.Options.CollectionAge;
            if (activation.Status != ActivationStatus.Active || (reason == DeactivationReason.Idle && !activation.IsStillIdleFor(collectionAge)))
            {
                _skipped = true; // a call arrived after the collector chose it, or it never activated
                return Task.CompletedTask;
            }

            return activation.DeactivateAsync(reason);
        }

        public override void Complete(Task turn)
        {
            if (!_skipped)
            {
                Target!.OnDeactivated();
            }

            _done.TrySetResult();
        }

        public override void Fail(Exception exception) => _done.TrySetResult();
    }
}
