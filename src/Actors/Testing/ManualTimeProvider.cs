namespace Coordination.Actors.Testing;

/// <summary>
/// A clock that moves only when told. Timers created from it fire, in due order, on the thread that
/// calls <see cref="Advance"/>. Safe for concurrent use.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    /// <summary>Starts at 2026-01-05 00:00 UTC, a Monday.</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that comes due on the way, at its due time.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    // A concurrent, larger Advance may already have gone further: time never moves back.
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }

                next.Rearm(_now);
            }

            next.Fire();
        }
    }

    private void Schedule(ManualTimer timer, bool armed)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (armed)
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            var armed = dueTime != Timeout.InfiniteTimeSpan;
            if (armed)
            {
                DueAt = owner.GetUtcNow() + dueTime;
            }

            owner.Schedule(this, armed);
            if (armed && dueTime <= TimeSpan.Zero)
            {
                // Like a real timer, one that is due now fires now, without waiting for Advance, and without
                // the execution context of whoever changed it (a grain turn's call chain must not leak into it).
                ThreadPool.UnsafeQueueUserWorkItem(static provider => provider.Advance(TimeSpan.Zero), owner, preferLocal: false);
            }

            return true;
        }

        // Called under the owner's lock.
        public void Rearm(DateTimeOffset now)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero)
            {
                owner._timers.Remove(this);
            }
            else
            {
                DueAt = now + _period;
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Schedule(this, armed: false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
