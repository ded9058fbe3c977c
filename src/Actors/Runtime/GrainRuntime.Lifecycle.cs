using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Runtime;

public sealed partial class GrainRuntime
{
    private Task? _housekeeping;

    /// <summary>Starts idle collection and call-timeout checks.</summary>
    internal void StartHousekeeping() => _housekeeping = Task.Run(() => HousekeepingAsync(_stopping.Token));

    private async Task HousekeepingAsync(CancellationToken cancellationToken)
    {
        // Timeouts are checked every second (or faster for short timeouts); collection every quantum.
        var tick = TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, Math.Max(Options.CallTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond)));
        using var timer = new PeriodicTimer(tick, TimeProvider);
        var nextCollection = TimeProvider.GetUtcNow() + Options.CollectionQuantum;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = TimeProvider.GetTimestamp();
                foreach (var activation in Catalog.Activations)
                {
                    activation.ExpireCalls(now);
                }

                if (TimeProvider.GetUtcNow() >= nextCollection)
                {
                    nextCollection = TimeProvider.GetUtcNow() + Options.CollectionQuantum;
                    CollectIdle();
                }
            }
        }
        catch (OperationCanceledException)
        {
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
        if (_housekeeping is not null)
        {
            await _housekeeping;
        }

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
