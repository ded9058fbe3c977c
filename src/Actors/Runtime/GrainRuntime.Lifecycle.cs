using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Runtime;

public sealed partial class GrainRuntime
{
    private ITimer? _timeoutTimer;
    private ITimer? _collectionTimer;
    private int _housekeepingBusy;

    /// <summary>Starts call-timeout checks (every second, or a quarter of the timeout if shorter) and idle collection (every quantum).</summary>
    internal void StartHousekeeping()
    {
        var check = TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, Math.Max(Options.CallTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond)));
        _timeoutTimer = TimeProvider.CreateTimer(static self => ((GrainRuntime)self!).Housekeep(ExpireCalls), this, check, check);
        _collectionTimer = TimeProvider.CreateTimer(static self => ((GrainRuntime)self!).Housekeep(static r => r.CollectIdle()), this, Options.CollectionQuantum, Options.CollectionQuantum);
    }

    // Timer callbacks may overlap on the system clock; a pass that finds another running skips.
    private void Housekeep(Action<GrainRuntime> pass)
    {
        if (Interlocked.Exchange(ref _housekeepingBusy, 1) == 1)
        {
            return;
        }

        try
        {
            pass(this);
        }
        finally
        {
            Volatile.Write(ref _housekeepingBusy, 0);
        }
    }

    private static void ExpireCalls(GrainRuntime runtime)
    {
        var now = runtime.TimeProvider.GetTimestamp();
        foreach (var activation in runtime.Catalog.Activations)
        {
            activation.ExpireCalls(now);
        }
    }

    /// <summary>Deactivates every activation idle for at least <see cref="ActorsOptions.CollectionAge"/>.</summary>
    internal int CollectIdle()
    {
        var collected = 0;
        foreach (var activation in Catalog.Activations)
        {
            if (activation.Status == ActivationStatus.Active && activation.IsIdle &&
                TimeProvider.GetElapsedTime(activation.LastActiveTimestamp) >= Options.CollectionAge)
            {
                _ = activation.RequestDeactivation(DeactivationReason.Idle);
                collected++;
            }
        }

        if (collected > 0)
        {
            Log.LogDebug("Collecting {Count} idle activations", collected);
        }

        return collected;
    }

    /// <summary>
    /// Graceful stop: reminders stop firing, running and queued calls finish, then every activation
    /// deactivates (running OnDeactivateAsync, which may still write state). Calls after that fail
    /// with <see cref="NodeStoppedException"/>.
    /// </summary>
    internal async Task StopAsync()
    {
        // Shutdown is bounded by real time, even when grains run on a manual clock in tests.
        var elapsed = Stopwatch.StartNew();
        if (_reminders is not null)
        {
            await _reminders.StopAsync().WaitAsync(Options.ShutdownTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _stopping.CancelAsync();
        _timeoutTimer?.Dispose();
        _collectionTimer?.Dispose();

        // Deactivation work queues behind each activation's pending calls, so those finish first.
        while (Catalog.Count > 0 && elapsed.Elapsed < Options.ShutdownTimeout)
        {
            var pending = Catalog.Activations.Select(a => a.RequestDeactivation(DeactivationReason.Shutdown)).ToArray();
            await Task.WhenAll(pending).WaitAsync(Options.ShutdownTimeout - elapsed.Elapsed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (Catalog.Count > 0)
        {
            Log.LogWarning("Shutdown timeout: {Count} activations did not deactivate in {Timeout}", Catalog.Count, Options.ShutdownTimeout);
        }

        _stopped = true;
    }
}
