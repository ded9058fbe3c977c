using Coordination.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Reminders;

/// <summary>
/// Keeps every reminder of the node in memory, ordered by due time, behind one timer of the node's
/// <see cref="TimeProvider"/>. A tick is delivered as a grain call to <see cref="IRemindable.ReceiveReminder"/>;
/// only after it completes is the next due time stored (or the one-shot row deleted), which makes
/// delivery at-least-once across crashes and exactly-once across clean restarts.
/// </summary>
internal sealed class ReminderService(IReminderTable table, GrainRuntime runtime, ReminderOptions options, TimeProvider timeProvider, ILogger<ReminderService> logger)
    : IAsyncDisposable
{
    // Timers cannot wait longer than about 49 days; longer waits re-arm on wake-up.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, Dictionary<string, Scheduled>> _byGrain = [];
    private readonly PriorityQueue<Scheduled, long> _queue = new();
    private readonly SemaphoreSlim _deliverySlots = new(options.MaxConcurrentDeliveries);
    private readonly HashSet<Task> _deliveries = [];
    private ITimer? _timer;
    private bool _stopped;

    /// <summary>Number of registered reminders.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byGrain.Values.Sum(names => names.Count);
            }
        }
    }

    /// <summary>Ticks being delivered or being stored after delivery.</summary>
    public int DeliveriesInProgress
    {
        get
        {
            lock (_lock)
            {
                return _deliveries.Count;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var entries = await table.ReadAllAsync(cancellationToken);
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                AddLocked(entry);
            }

            _timer = timeProvider.CreateTimer(static state => ((ReminderService)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmLocked();
        }

        logger.LogInformation("Loaded {Count} reminders", entries.Count);
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, DateTimeOffset dueAt, TimeSpan? period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period is { } p && p <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A reminder period must be positive.");
        }

        var entry = new ReminderEntry(grainId, name, dueAt, dueAt, period, Random.Shared.NextInt64());
        await table.UpsertAsync(entry);
        lock (_lock)
        {
            RemoveLocked(grainId, name);
            AddLocked(entry);
            ArmLocked();
        }

        return new Reminder(entry);
    }

    public async Task UnregisterAsync(GrainId grainId, string name)
    {
        await table.DeleteAsync(grainId, name, generation: null);
        lock (_lock)
        {
            RemoveLocked(grainId, name);
        }
    }

    public IGrainReminder? Get(GrainId grainId, string name)
    {
        lock (_lock)
        {
            return _byGrain.GetValueOrDefault(grainId)?.GetValueOrDefault(name) is { } scheduled ? new Reminder(scheduled.Entry) : null;
        }
    }

    public IReadOnlyList<IGrainReminder> GetAll(GrainId grainId)
    {
        lock (_lock)
        {
            return _byGrain.GetValueOrDefault(grainId)?.Values.Select(s => (IGrainReminder)new Reminder(s.Entry)).ToList() ?? [];
        }
    }

    private void AddLocked(ReminderEntry entry)
    {
        if (!_byGrain.TryGetValue(entry.GrainId, out var names))
        {
            _byGrain[entry.GrainId] = names = [];
        }

        var scheduled = new Scheduled(entry);
        names[entry.Name] = scheduled;
        _queue.Enqueue(scheduled, scheduled.FireAtMs);
    }

    private void RemoveLocked(GrainId grainId, string name)
    {
        if (_byGrain.TryGetValue(grainId, out var names) && names.Remove(name, out var old))
        {
            old.Removed = true; // its queue slot is skipped when it surfaces
            if (names.Count == 0)
            {
                _byGrain.Remove(grainId);
            }
        }
    }

    private void ArmLocked()
    {
        if (_stopped || _timer is null)
        {
            return;
        }

        while (_queue.TryPeek(out var head, out var fireAt) && (head.Removed || head.InFlight || head.FireAtMs != fireAt))
        {
            _queue.Dequeue();
        }

        if (!_queue.TryPeek(out _, out var next))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = TimeSpan.FromMilliseconds(Math.Max(0, next - timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
        _timer.Change(delay < MaxTimerDelay ? delay : MaxTimerDelay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        List<Scheduled> ready = [];
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            while (_queue.TryPeek(out var head, out var fireAt) && fireAt <= now)
            {
                _queue.Dequeue();
                if (!head.Removed && !head.InFlight && head.FireAtMs == fireAt)
                {
                    head.InFlight = true;
                    ready.Add(head);
                }
            }

            ArmLocked();
            if (_stopped)
            {
                return;
            }

            foreach (var scheduled in ready)
            {
                var delivery = DeliverAsync(scheduled);
                _deliveries.Add(delivery);
                _ = delivery.ContinueWith(static (task, state) => ((ReminderService)state!).Forget(task), this, TaskScheduler.Default);
            }
        }
    }

    private void Forget(Task delivery)
    {
        lock (_lock)
        {
            _deliveries.Remove(delivery);
        }
    }

    private async Task DeliverAsync(Scheduled scheduled)
    {
        var entry = scheduled.Entry;
        await _deliverySlots.WaitAsync();
        try
        {
            await runtime.DeliverReminderAsync(entry.GrainId, entry.Name, new TickStatus(entry.FirstDue, entry.Period, entry.DueAt));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Reminder {Name} of {GrainId} due {DueAt:o} failed; retrying in {Delay}", entry.Name, entry.GrainId, entry.DueAt, options.RetryDelay);
            lock (_lock)
            {
                scheduled.InFlight = false;
                scheduled.FireAtMs = timeProvider.GetUtcNow().Add(options.RetryDelay).ToUnixTimeMilliseconds();
                _queue.Enqueue(scheduled, scheduled.FireAtMs);
                ArmLocked();
            }

            return;
        }
        finally
        {
            _deliverySlots.Release();
        }

        await CompleteTickAsync(scheduled);
    }

    private async Task CompleteTickAsync(Scheduled scheduled)
    {
        var entry = scheduled.Entry;
        if (entry.Period is not { } period)
        {
            lock (_lock)
            {
                if (scheduled.Removed)
                {
                    return; // registered again or removed during the tick: the row is the newer one, or gone
                }
            }

            await table.DeleteAsync(entry.GrainId, entry.Name, entry.Generation);
            lock (_lock)
            {
                if (!scheduled.Removed)
                {
                    RemoveLocked(entry.GrainId, entry.Name);
                }
            }

            return;
        }

        // Ticks missed while the node was down collapse into the one just delivered.
        var now = timeProvider.GetUtcNow();
        var missed = Math.Max(0, (long)Math.Floor((now - entry.DueAt) / period));
        var next = entry.DueAt + (period * (missed + 1));
        await table.RescheduleAsync(entry.GrainId, entry.Name, entry.Generation, next);
        lock (_lock)
        {
            if (!scheduled.Removed)
            {
                scheduled.Entry = entry with { DueAt = next };
                scheduled.FireAtMs = next.ToUnixTimeMilliseconds();
                scheduled.InFlight = false;
                _queue.Enqueue(scheduled, scheduled.FireAtMs);
                ArmLocked();
            }
        }
    }

    /// <summary>Stops firing and waits for ticks already being delivered.</summary>
    public async Task StopAsync()
    {
        Task[] running;
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
            running = [.. _deliveries];
        }

        await Task.WhenAll(running);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _deliverySlots.Dispose();
    }

    private sealed class Scheduled(ReminderEntry entry)
    {
        public ReminderEntry Entry { get; set; } = entry;

        public long FireAtMs { get; set; } = entry.DueAt.ToUnixTimeMilliseconds();

        public bool InFlight { get; set; }

        public bool Removed { get; set; }
    }

    private sealed record Reminder(ReminderEntry Entry) : IGrainReminder
    {
        public string ReminderName => Entry.Name;

        public DateTimeOffset DueAt => Entry.DueAt;

        public TimeSpan? Period => Entry.Period;
    }
}
